"""A wrong frame costs the daemon that one message, never its hearing: a wrong Content-Length,
an overlong header line, a body that is not UTF-8 and an id that is not a string or a number are
answered where there is someone to answer, and the next message is served."""

import json

import pytest

from daemon_client import DaemonClient

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def daemon():
    with DaemonClient() as client:
        client.initialize()
        yield client
        assert client.process.poll() is None, "the daemon died"


def parse_request(msg_id, text=""):
    return json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": "lichen/parse",
                       "params": {"text": text}}).encode()


def assert_served(daemon):
    """The daemon answers the next request: an empty file reads as a new notebook."""
    cells = daemon.request("lichen/parse", {"text": ""})["cells"]
    assert [c["code"] for c in cells] == ["import lichen", ""]


def frame(body, length=None):
    return b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


def send_raw(daemon, data):
    daemon.process.stdin.write(data)
    daemon.process.stdin.flush()


def reply(daemon, msg_id, timeout=10):
    return daemon._wait(lambda: daemon.responses.pop(msg_id, None), timeout, f"reply {msg_id}")


def test_a_length_declared_too_long_loses_nothing_after_it(daemon):
    send_raw(daemon, frame(parse_request(1), length=5000) + frame(parse_request(2, "x = 1")))
    assert "result" in reply(daemon, 2)
    assert "result" in reply(daemon, 1)  # its body was whole: it is answered too
    assert daemon.request("lichen/parse", {"text": "y = 2"})["cells"]


def test_a_length_declared_too_long_with_nothing_after_it_is_served_once_more_comes(daemon):
    send_raw(daemon, frame(parse_request(3), length=5000))
    send_raw(daemon, frame(parse_request(4)))
    assert "result" in reply(daemon, 4)
    assert_served(daemon)


def test_a_length_declared_too_short_gets_a_parse_error_and_the_next_message_is_served(daemon):
    send_raw(daemon, frame(parse_request(5), length=10) + frame(parse_request(6)))
    assert reply(daemon, None)["error"]["code"] == -32700
    assert "result" in reply(daemon, 6)


def test_a_header_line_over_64_kib_is_skipped(daemon):
    send_raw(daemon, b"X-Padding: " + b"a" * 200_000 + b"\r\n" + frame(parse_request(7)))
    assert "result" in reply(daemon, 7)
    send_raw(daemon, b"b" * 300_000 + b"\r\n" + frame(parse_request(8)))  # junk with no header
    assert "result" in reply(daemon, 8)
    assert any(b"header line" in line for line in daemon.stderr)


def test_a_body_that_is_not_utf8_is_answered_with_its_id(daemon):
    body = b'{"jsonrpc": "2.0", "id": 9, "method": "lichen/parse", "params": {"text": "\xff"}}'
    send_raw(daemon, frame(body))
    error = reply(daemon, 9)["error"]
    assert error["code"] == -32700
    assert "UTF-8" in error["message"]
    send_raw(daemon, frame(b"\xfe\xff garbage"))
    assert reply(daemon, None)["error"]["code"] == -32700
    assert_served(daemon)


@pytest.mark.parametrize("bad_id", [{"a": 1}, [1], True, 1.5])
def test_an_id_that_is_not_a_string_or_integer_gets_invalid_request(daemon, bad_id):
    body = json.dumps({"jsonrpc": "2.0", "id": bad_id, "method": "lichen/parse",
                       "params": {"text": ""}}).encode()
    send_raw(daemon, frame(body))
    error = reply(daemon, None)["error"]
    assert error["code"] == -32600
    assert "id" in error["message"]
    assert_served(daemon)


def test_headers_are_read_whatever_their_case_and_order(daemon):
    body = parse_request(10)
    send_raw(daemon, b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
             b"content-length: %d\r\n\r\n" % len(body) + body)
    assert "result" in reply(daemon, 10)


def test_input_ending_inside_a_body_ends_the_daemon_with_a_logged_reason():
    with DaemonClient() as client:
        client.initialize()
        send_raw(client, b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
        client.process.stdin.close()
        client.process.wait(20)
        assert b"ended inside a message" in client.stderr_to_end()


def test_a_message_arriving_in_pieces_with_line_breaks_in_its_json_is_read_whole(daemon):
    body = json.dumps({"jsonrpc": "2.0", "id": 11, "method": "lichen/parse",
                       "params": {"text": "x = 1\ny = x\n" * 50}}, indent=2).encode()
    data = frame(body)
    for start in range(0, len(data), 7):
        send_raw(daemon, data[start:start + 7])
    assert len(reply(daemon, 11)["result"]["cells"]) >= 1
