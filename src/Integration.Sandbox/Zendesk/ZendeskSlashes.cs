using System.Text.RegularExpressions;

namespace Integration.Sandbox.Zendesk;

/// <summary>
/// Zendesk's servers read a path with doubled slashes as the path with single ones (their nginx merges them), and
/// clients rely on it: zendesk-node-api asks for <c>/api/v2//tickets.json</c>. So the stand-in merges them too, before
/// routing (a startup filter: first in the pipeline). The other vendors' paths are left as they come.
/// </summary>
public sealed partial class ZendeskSlashes : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Path.Value is { } path && path.StartsWith("/zendesk/", StringComparison.Ordinal) && path.Contains("//", StringComparison.Ordinal))
            {
                context.Request.Path = new PathString(Doubled().Replace(path, "/"));
            }

            return nextMiddleware(context);
        });
        next(app);
    };

    [GeneratedRegex("/{2,}")]
    private static partial Regex Doubled();
}
