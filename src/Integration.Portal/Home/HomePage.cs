namespace Integration.Portal.Home;

public static class HomePage
{
    /// <summary>A plain landing page until the Portal's UI exists; it says so rather than pretending.</summary>
    public static void MapHomePage(this WebApplication app) =>
        app.MapGet("/", (HttpRequest request) =>
                TypedResults.Content(Html.Replace("{base}", System.Net.WebUtility.HtmlEncode($"{request.Scheme}://{request.Host}")), "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();

    private const string Html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Integration Suite</title>
        <style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:3rem auto;line-height:1.5;padding:0 1rem}code,pre{background:#f3f3f3;padding:.1rem .3rem}</style>
        </head>
        <body>
        <h1>Integration Suite</h1>
        <p>The suite is running. The Portal's screens for reviewers, process owners and admins are
        <strong>not built yet</strong>; the services' APIs are.</p>
        <h2>Get a token (local runs)</h2>
        <pre>curl -s -X POST {base}/auth/dev-token \
          -H 'Content-Type: application/json' \
          -d '{"user":"alice","roles":["designer","reviewer"]}'</pre>
        <p>Roles: <code>admin</code>, <code>designer</code>, <code>reviewer</code>, <code>integrator</code>.
        Send the token as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
        <p>Health: <a href="/health">/health</a></p>
        </body>
        </html>
        """;
}
