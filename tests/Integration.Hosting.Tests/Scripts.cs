namespace Integration.Hosting.Tests;

/// <summary>Tiny programs the orchestration tests run as real child processes.</summary>
internal static class Scripts
{
    /// <summary>An HTTP server on $PORT that answers every GET with its own port, after $DELAY seconds.</summary>
    public const string PortServer = """
        import http.server, os, time
        port = int(os.environ["PORT"])
        time.sleep(float(os.environ.get("DELAY", "0")))
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = str(port).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        print(f"listening on {port}", flush=True)
        http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """;

    /// <summary>Calls the service it was given a reference to, once, and says what happened.</summary>
    public const string Caller = """
        import os, time, urllib.request
        url = os.environ["services__server__http__0"]
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                print(f"server answered {r.status}", flush=True)
        except Exception as e:
            print(f"server unreachable: {e}", flush=True)
        time.sleep(60)
        """;

    public static string Write(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
