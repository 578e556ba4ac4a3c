using System.Text.RegularExpressions;

namespace Integration.Testing;

/// <summary>
/// Which routes that may take a body (POST, PUT, PATCH) a service's fuzz table leaves out: each must have a sample body
/// there, or be named as taking none (its path says all it acts on). A new route fails the table's test until one is.
/// </summary>
public static partial class FuzzCoverage
{
    public static async Task<IReadOnlyList<string>> UncoveredAsync(IServiceProvider services, IEnumerable<(string Method, string Path)> samples, IEnumerable<string> takeNoBody)
    {
        var sampled = samples.ToList();
        var none = takeNoBody.ToHashSet(StringComparer.Ordinal);
        return [.. (await RouteRoles.OfAsync(services))
            .Where(r => r.Method is "POST" or "PUT" or "PATCH")
            .Select(r => $"{r.Method} {r.Pattern}")
            .Distinct()
            .Where(route => !none.Contains(route) && !sampled.Any(s => Matches(route, s.Method, s.Path)))];
    }

    private static bool Matches(string route, string method, string path)
    {
        var pattern = route[(route.IndexOf(' ') + 1)..];
        var regex = "^" + string.Concat(Segment().Split(pattern.TrimEnd('/')).Select((part, i) => i % 2 == 1 ? (part.StartsWith('*') ? ".+" : "[^/]+") : Regex.Escape(part))) + "/?$";
        return route.StartsWith(method + " ", StringComparison.Ordinal) && Regex.IsMatch(path.Split('?')[0], regex);
    }

    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex Segment();
}
