"""`chat`: a conversation with a model function the notebook supplies.

    def echo(messages, config):
        return f"you said: {messages[-1].content}"
    chatbot = mo.ui.chat(echo)

Raw value: the conversation the renderer sends, `[{"role": "user" | "assistant" | "system",
"content": str}, ...]`. When it ends with a user's message, the kernel calls
`model(messages, config)` (messages as `ChatMessage`s, config a `ChatModelConfig`) and appends
the reply (a string, or anything shown as its `str`; a generator's pieces are joined). The value
is the list of `ChatMessage`s, the reply included. Props: prompts (suggested first messages),
show_configuration_controls, config, allow_attachments, max_height, disabled.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable

from lichen.runtime.ui.base import UIElement

_ROLES = ("user", "assistant", "system")
_DEFAULT_CONFIG = {"max_tokens": 4096, "temperature": 0.5, "top_p": 1, "top_k": 40,
                   "frequency_penalty": 0, "presence_penalty": 0}


@dataclass
class ChatMessage:
    role: str
    content: Any
    attachments: list[Any] | None = None


@dataclass
class ChatModelConfig:
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None


@dataclass
class ChatAttachment:
    url: str
    name: str = "attachment"
    content_type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class chat(UIElement):
    """A chat whose replies come from `model(messages, config)`."""

    kind = "chat"

    def __init__(self, model: Callable[..., Any], *, prompts: list[str] | None = None,
                 on_message: Callable[[list[ChatMessage]], Any] | None = None,
                 show_configuration_controls: bool = False,
                 config: dict[str, Any] | None = _DEFAULT_CONFIG,
                 allow_attachments: bool | list[str] = False, max_height: int | None = None,
                 disabled: bool = False):
        if not callable(model):
            raise TypeError("chat: model must be a function of (messages, config)")
        self._model = model
        self._on_message = on_message
        self._config = dict(config or {})
        self._options = {"prompts": list(prompts or ()),
                         "show_configuration_controls": bool(show_configuration_controls),
                         "config": self._config, "allow_attachments": allow_attachments,
                         "max_height": max_height, "disabled": bool(disabled)}
        super().__init__([])

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)):
            raise self._fail("takes the list of messages")
        for m in raw:
            if not isinstance(m, dict) or m.get("role") not in _ROLES \
                    or not isinstance(m.get("content"), str):
                raise self._fail(f"a message is {{role, content}}, not {m!r}")
        raw = [{"role": m["role"], "content": m["content"]} for m in raw]
        return raw, [ChatMessage(m["role"], m["content"]) for m in raw]

    def _apply(self, raw: Any, value: Any) -> None:
        if value and value[-1].role == "user":
            if self._on_message is not None:
                self._on_message(value)
            known = {k: v for k, v in self._config.items()
                     if k in ChatModelConfig.__dataclass_fields__}
            reply = _text(self._call(value, ChatModelConfig(**known)))
            raw = [*raw, {"role": "assistant", "content": reply}]
            value = [*value, ChatMessage("assistant", reply)]
        self._raw, self._value = raw, value

    def _call(self, messages: list[ChatMessage], config: ChatModelConfig) -> Any:
        try:
            takes = len(inspect.signature(self._model).parameters)
        except (TypeError, ValueError):
            takes = 2
        return self._model(messages, config) if takes >= 2 else self._model(messages)

    def _props(self) -> dict[str, Any]:
        return self._options


def _text(reply: Any) -> str:
    if isinstance(reply, str):
        return reply
    if inspect.isgenerator(reply):
        return "".join(str(part) for part in reply)
    return str(reply)


