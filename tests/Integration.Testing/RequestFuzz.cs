using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Testing;

/// <summary>
/// Values that no path segment, query parameter or form field should answer with a 5xx: a space, nothing, 10,000
/// characters, text that is not valid Unicode (bad and overlong UTF-8, UTF-8 of a surrogate), NUL, numbers beyond a
/// double and a long, dates at the ends of the calendar, a path that climbs, quotes. Every route of a service gets each
/// in each of its path parameters and the query parameters its API description names (and any the test adds).
/// </summary>
public static partial class RequestFuzz
{
    /// <summary>Each value as it goes on the wire (percent-encoded where it must be).</summary>
    public static readonly IReadOnlyList<(string Name, string Encoded)> Values =
    [
        ("a space", "%20"), ("nothing", ""), ("10,000 characters", new string('a', 10_000)), ("invalid UTF-8", "%C3%28"), ("overlong UTF-8", "%C0%AF"),
        ("UTF-8 of a surrogate", "%ED%A0%80"), ("a NUL", "%00"), ("beyond a double", "1e400"), ("a 40-digit integer", "1234567890123456789012345678901234567890"),
        ("a negative number", "-1"), ("the first day", "0001-01-01"), ("the last moment", "9999-12-31T23:59:59.9999999%2B14:00"),
        ("a path that climbs", "..%2F..%2Fetc%2Fpasswd"), ("quotes", "%27%22%3C"), ("a lone percent", "%25"), ("a comma list", "a,b,,c"),
    ];

    /// <summary>
    /// Requests every route with each value in each parameter (the others given a plain value) and returns what answered
    /// 5xx. Bodies: none for reads, an empty JSON object for writes (the body's own fuzz is <see cref="BodyFuzz"/>).
    /// </summary>
    /// <param name="client">For the route's path (a stand-in's routes need the vendor's login): a client whose roles pass.</param>
    /// <param name="extra">Further URLs, each with <c>{fuzz}</c> where a value goes (a query a handler reads by hand, an OData key).</param>
    public static async Task<IReadOnlyList<string>> FiveHundredsAsync(IServiceProvider services, Func<string, HttpClient> client, Func<string, bool> include,
        IEnumerable<(string Method, string Url)> extra, CancellationToken cancellationToken)
    {
        var queries = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(g => g.Items)
            .GroupBy(d => (d.HttpMethod ?? "GET", "/" + (d.RelativePath ?? "").Split('?')[0].TrimEnd('/')))
            .ToDictionary(g => g.Key, g => g.SelectMany(d => d.ParameterDescriptions).Where(p => p.Source.Id == "Query").Select(p => p.Name).Distinct().ToList());
        var requests = new List<(string Method, string Url)>(extra.SelectMany(e => Values.Select(v => (e.Method, e.Url.Replace("{fuzz}", v.Encoded, StringComparison.Ordinal)))));
        foreach (var route in (await RouteRoles.OfAsync(services)).Where(r => include(r.Pattern) && r.Method != "HEAD"))
        {
            var parameters = Parameter().Matches(route.Pattern).Select(m => m.Groups["name"].Value).ToList();
            var names = queries.GetValueOrDefault((route.Method, Parameter().Replace(route.Pattern, m => "{" + m.Groups["name"].Value + "}").TrimEnd('/'))) ?? [];
            foreach (var (_, value) in Values)
            {
                requests.AddRange(parameters.Select(p => (route.Method, Fill(route.Pattern, p, value))));
                requests.AddRange(names.Select(q => (route.Method, $"{Fill(route.Pattern, null, null)}?{q}={value}")));
            }
        }

        var wrong = new List<string>();
        foreach (var (method, url) in requests.Distinct())
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            HttpResponseMessage response;
            try
            {
                response = await client(url).SendAsync(request, cancellationToken);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("null characters", StringComparison.Ordinal))
            {
                continue; // NUL in a path: the in-process server's client refuses to send it (Kestrel answers 400 before any endpoint)
            }

            using var answered = response;
            if ((int)response.StatusCode >= 500)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                wrong.Add($"{method} {url[..Math.Min(url.Length, 160)]}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
            }
        }

        return wrong;
    }

    /// <summary>Posts each value in each field of a form (the others as given) and returns what answered 5xx.</summary>
    public static async Task<IReadOnlyList<string>> FormFiveHundredsAsync(HttpClient client, string path, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var wrong = new List<string>();
        foreach (var field in fields.Keys)
        {
            foreach (var (name, value) in Values)
            {
                var body = string.Join('&', fields.Select(f => $"{f.Key}={(f.Key == field ? value : Uri.EscapeDataString(f.Value))}"));
                using var content = new StringContent(body, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
                using var response = await client.PostAsync(path, content, cancellationToken);
                if ((int)response.StatusCode >= 500)
                {
                    wrong.Add($"POST {path} with {field} as {name}: {(int)response.StatusCode}");
                }
            }
        }

        return wrong;
    }

    /// <summary>The route with the value in one parameter and a plain value (<c>1</c> for a number, else <c>x</c>) in the others.</summary>
    private static string Fill(string pattern, string? parameter, string? value) =>
        Parameter().Replace(pattern, m => m.Groups["name"].Value == parameter ? value! : m.Groups["constraint"].Value.Contains("int", StringComparison.Ordinal) ||
            m.Groups["constraint"].Value.Contains("long", StringComparison.Ordinal) ? "1" : "x");

    [GeneratedRegex(@"\{\*{0,2}(?<name>\w+)(?<constraint>[^}]*)\}")]
    private static partial Regex Parameter();
}
