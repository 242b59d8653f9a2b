"""A local HTTP endpoint that records every request it gets, for testing outbound calls."""

import gzip
import json
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Recorder:
    """Answers every request with `reply` (JSON) and `status`, and keeps (method, path,
    headers, body). With `delay`, it waits that many seconds before answering (an endpoint
    that hangs); leaving the `with` block ends the wait."""

    def __init__(self, reply=None, status=200, delay=0):
        self.requests = []
        self.reply = reply if reply is not None else {"success": True, "errors": []}
        self.status = status
        self.delay = delay
        self.closing = threading.Event()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                elif encoding == "br":
                    import brotli

                    body = brotli.decompress(body)
                recorder.requests.append((self.command, self.path, dict(self.headers), body))
                if recorder.closing.wait(recorder.delay):
                    return  # the test is over; the client gave up long ago
                payload = json.dumps(recorder.reply).encode()
                self.send_response(recorder.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_PUT = do_DELETE = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()
