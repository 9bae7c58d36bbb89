"""`mo.ai`: the message types of `mo.ui.chat` and `mo.ai.llm`'s ready-made chat models.

A model of `mo.ai.llm` (`openai("gpt-4o")`, `anthropic(...)`, ...) is a function of
`(messages, config)` for `mo.ui.chat`. It calls the provider's own Python package with the
user's key (`api_key`, else the provider's usual environment variable), as marimo does; without
the package installed the chat's reply says which one to install.
"""

from __future__ import annotations

import os
from typing import Any

from lichen.runtime.ui.chat import ChatAttachment, ChatMessage, ChatModelConfig

__all__ = ["ChatAttachment", "ChatMessage", "ChatModelConfig", "anthropic", "bedrock", "google",
           "groq", "litellm", "llm", "openai", "pydantic_ai"]


class _Model:
    package = ""
    key_variable = ""

    def __init__(self, model: str, *, system_message: str = "You are a helpful assistant.",
                 api_key: str | None = None, base_url: str | None = None, **options: Any):
        self.model = model
        self.system_message = system_message
        self.api_key = api_key
        self.base_url = base_url
        self.options = options

    def _messages(self, messages: list[ChatMessage]) -> list[dict[str, str]]:
        return [{"role": "system", "content": self.system_message},
                *({"role": m.role, "content": str(m.content)} for m in messages)]

    def _key(self) -> str | None:
        return self.api_key or os.environ.get(self.key_variable)

    def __call__(self, messages: list[ChatMessage], config: ChatModelConfig) -> str:
        try:
            return self._reply(messages, config)
        except ImportError:
            return (f"This chat model needs the `{self.package}` package: install it with "
                    f"`pip install {self.package}` in the kernel's environment.")

    def _reply(self, messages: list[ChatMessage], config: ChatModelConfig) -> str:
        raise ImportError(self.package)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.model!r})"


class openai(_Model):
    package, key_variable = "openai", "OPENAI_API_KEY"

    def _reply(self, messages: list[ChatMessage], config: ChatModelConfig) -> str:
        import openai as client

        api = client.OpenAI(api_key=self._key(), base_url=self.base_url)
        done = api.chat.completions.create(
            model=self.model, messages=self._messages(messages),
            max_tokens=config.max_tokens, temperature=config.temperature)
        return done.choices[0].message.content or ""


class anthropic(_Model):
    package, key_variable = "anthropic", "ANTHROPIC_API_KEY"

    def _reply(self, messages: list[ChatMessage], config: ChatModelConfig) -> str:
        import anthropic as client

        api = client.Anthropic(api_key=self._key())
        done = api.messages.create(
            model=self.model, system=self.system_message,
            messages=[{"role": m.role, "content": str(m.content)} for m in messages],
            max_tokens=config.max_tokens or 1024)
        return "".join(getattr(part, "text", "") for part in done.content)


class google(_Model):
    package, key_variable = "google-genai", "GOOGLE_API_KEY"


class groq(_Model):
    package, key_variable = "groq", "GROQ_API_KEY"


class bedrock(_Model):
    package, key_variable = "boto3", "AWS_ACCESS_KEY_ID"


class litellm(_Model):
    package, key_variable = "litellm", ""


class pydantic_ai(_Model):
    package, key_variable = "pydantic-ai", ""


class _Llm:
    """`mo.ai.llm`: the chat models by provider."""

    openai, anthropic, google, groq, bedrock = openai, anthropic, google, groq, bedrock
    litellm, pydantic_ai = litellm, pydantic_ai


llm = _Llm()
