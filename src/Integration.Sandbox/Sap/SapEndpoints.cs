using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Integration.Sandbox.Store;
using Microsoft.Extensions.Options;

namespace Integration.Sandbox.Sap;

/// <summary>
/// SAP S/4HANA's OData V2 services API_BUSINESS_PARTNER and API_SALES_ORDER_SRV under the same paths as SAP Gateway
/// (<c>/sap/opu/odata/sap/…</c>): point an OData V2 client's service root at <c>http://127.0.0.1:5105/sap/opu/odata/sap/API_SALES_ORDER_SRV/</c>.
/// </summary>
public static partial class SapEndpoints
{
    private const string Root = "/sap/opu/odata/sap/{service}";

    public static void MapSapEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Root).AllowAnonymous().WithMetadata(Integration.ServiceDefaults.Json.ChecksItsOwnJson.Instance).AddEndpointFilter<SapGate>().WithTags("SAP S/4HANA stand-in");
        api.MapMethods("", ["GET", "HEAD"], ServiceDocument);
        api.MapMethods("/{**path}", ["GET", "HEAD", "POST", "PATCH", "MERGE", "PUT", "DELETE"], Dispatch).DisableAntiforgery();
        // Outside the services the stand-in serves: Gateway's "no service found", not the suite's own 401.
        app.Map("/sap/{**path}", (string path) => TypedResults.Json(ODataV2.Error("/IWFND/MED/170",
            $"No service found for namespace '', name '{path.Split('/')[^1]}', version '0001'", ""), statusCode: 404)).AllowAnonymous().WithTags("SAP S/4HANA stand-in");
    }

    private static IResult ServiceDocument(string service, HttpContext http, IOptions<SandboxOptions> options) => !SapModel.IsService(service)
        ? NotFound(service, service)
        : TypedResults.Json(new JsonObject { ["d"] = new JsonObject { ["EntitySets"] = new JsonArray(SapModel.SetsOf(service).Select(s => (JsonNode)s.Name).ToArray()) } });

    private static async Task<IResult> Dispatch(string service, string path, HttpContext http, EntityStore store, SapData data, IOptions<SandboxOptions> options)
    {
        if (!SapModel.IsService(service))
        {
            return NotFound(service, service);
        }

        if (path == "$metadata")
        {
            return TypedResults.Text(SapModel.Metadata(service), "application/xml");
        }

        var match = Segment().Match(path);
        var set = SapModel.SetsOf(service).FirstOrDefault(s => s.Name == match.Groups["set"].Value);
        if (!match.Success || set is null)
        {
            return NotFound(service, path.Split('(', '/')[0]);
        }

        var key = match.Groups["keys"].Success ? Keys(set, match.Groups["keys"].Value) : null;
        if (match.Groups["keys"].Success && key is null)
        {
            return NotFound(service, path.Split('/')[0]);
        }

        var navigation = match.Groups["nav"].Success ? match.Groups["nav"].Value : null;
        var method = http.Request.Method;
        var baseUrl = $"{VendorGate.BaseUrl(http, options.Value)}/sap/opu/odata/sap/{service}";
        try
        {
            return (method, key, navigation) switch
            {
                ("GET" or "HEAD", null, "$count") => TypedResults.Text((await Query(store, set, http.Request.Query, count: true)).Count.ToString(CultureInfo.InvariantCulture), "text/plain"),
                ("GET" or "HEAD", null, null) => await Collection(set, store, http, baseUrl, options.Value.Sap.PageSize),
                ("GET" or "HEAD", not null, null) => await Single(set, key, store, http, baseUrl),
                ("GET" or "HEAD", not null, var nav) when nav == set.ItemsNavigation => await Items(set, key, store, baseUrl),
                ("POST", null, null) when set.Creatable => await Create(set, http, data, baseUrl),
                ("PATCH" or "MERGE" or "PUT", not null, null) when set.Updatable => await Update(set, key[set.KeyProperty.Name], http, data),
                _ => TypedResults.Json(ODataV2.Error("/IWBEP/CM_MGW_RT/021", $"Method '{method}' not allowed for '{path}'", service), statusCode: 405),
            };
        }
        catch (ODataQueryException e)
        {
            return TypedResults.Json(ODataV2.Error("/IWBEP/CM_MGW_RT/022", e.Message, service), statusCode: 400);
        }
    }

    private static async Task<IResult> Collection(SapEntitySet set, EntityStore store, HttpContext http, string baseUrl, int pageSize)
    {
        var query = http.Request.Query;
        var all = await Query(store, set, query, count: false);
        var skip = Int(query["$skip"], 0) + Int(query["$skiptoken"], 0);
        var explicitTop = query.ContainsKey("$top");
        var top = explicitTop ? Int(query["$top"], 0) : pageSize;
        var page = all.Skip(skip).Take(top).ToList();
        var d = new JsonObject();
        if (query["$inlinecount"] == "allpages")
        {
            d["__count"] = all.Count.ToString(CultureInfo.InvariantCulture); // a string in OData V2
        }

        d["results"] = new JsonArray(page.Select(r => (JsonNode)Render(set, r, baseUrl, query)).ToArray());
        if (!explicitTop && skip + page.Count < all.Count)
        {
            // Server-side paging: the client follows __next until it is gone.
            var rest = string.Join('&', query.Where(q => q.Key is not "$skiptoken" and not "$skip").Select(q => $"{q.Key}={System.Uri.EscapeDataString(q.Value.ToString())}"));
            d["__next"] = $"{baseUrl}/{set.Name}?{(rest.Length > 0 ? rest + "&" : "")}$skiptoken={skip + page.Count}";
        }

        return TypedResults.Json(new JsonObject { ["d"] = d });
    }

    private static async Task<List<JsonObject>> Query(EntityStore store, SapEntitySet set, IQueryCollection query, bool count)
    {
        var filter = ODataFilter.Parse(query["$filter"], set);
        IEnumerable<JsonObject> records = (await RecordsAsync(store, set)).Where(filter);
        if (!count && query["$orderby"].ToString() is { Length: > 0 } orderBy)
        {
            var parts = orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || set.Property(parts[0]) is null)
            {
                throw new ODataQueryException(parts.Length == 0 ? "$orderby names no property" : $"Property '{parts[0]}' not found in type '{set.TypeName}'");
            }

            var comparer = Comparer<JsonNode?>.Create((a, b) => ODataFilter.Compare(a, b is null ? null : ODataV2.ParseDate(b.ToString()) is { } at ? at : b.ToString()));
            records = parts.Length > 1 && parts[1] == "desc" ? records.OrderByDescending(r => r[parts[0]], comparer) : records.OrderBy(r => r[parts[0]], comparer);
        }

        return records.ToList();
    }

    private static async Task<IResult> Single(SapEntitySet set, IReadOnlyDictionary<string, string> key, EntityStore store, HttpContext http, string baseUrl)
    {
        if (await FindAsync(store, set, key) is not { } record)
        {
            return NotFound(set.Service, set.TypeName);
        }

        if (ETag(set, record) is { } etag)
        {
            http.Response.Headers.ETag = etag;
        }

        return TypedResults.Json(new JsonObject { ["d"] = Render(set, record, baseUrl, http.Request.Query) });
    }

    private static async Task<IResult> Items(SapEntitySet set, IReadOnlyDictionary<string, string> key, EntityStore store, string baseUrl) =>
        await FindAsync(store, set, key) is { } record
            ? TypedResults.Json(new JsonObject { ["d"] = new JsonObject { ["results"] = RenderItems(record, baseUrl) } })
            : NotFound(set.Service, set.TypeName);

    /// <summary>A set's records: its own table's, or, for a set of items, every item of the records that hold them.</summary>
    private static async Task<IReadOnlyList<JsonObject>> RecordsAsync(EntityStore store, SapEntitySet set) => set.ItemsOf is { } parent
        ? [.. (await store.AllAsync(parent.Table)).SelectMany(r => (r[parent.ItemsNavigation!] as JsonArray ?? []).OfType<JsonObject>())]
        : await store.AllAsync(set.Table);

    private static async Task<JsonObject?> FindAsync(EntityStore store, SapEntitySet set, IReadOnlyDictionary<string, string> key)
    {
        if (set.ItemsOf is not { } parent)
        {
            return await store.GetAsync(set.Table, key[set.KeyProperty.Name]);
        }

        var holder = await store.GetAsync(parent.Table, key[parent.KeyProperty.Name]);
        return (holder?[parent.ItemsNavigation!] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(item => set.KeyProperties.All(k => item[k.Name]?.ToString() == key[k.Name]));
    }

    /// <summary>
    /// The key predicate of a resource path: <c>'4000001'</c> for a set with one key (or <c>SalesOrder='4000001'</c>), and
    /// <c>SalesOrder='4000001',SalesOrderItem='10'</c> for a composite key, every key property named once. Null otherwise.
    /// </summary>
    private static Dictionary<string, string>? Keys(SapEntitySet set, string predicate)
    {
        var match = KeyPredicate().Match(predicate);
        if (!match.Success)
        {
            return null;
        }

        var names = match.Groups["name"].Captures.Select(c => c.Value).ToList();
        var values = match.Groups["value"].Captures.Select(c => c.Value.Replace("''", "'")).ToList();
        if (names.Count == 0 && values.Count == 1 && set.KeyProperties.Count == 1)
        {
            return new Dictionary<string, string> { [set.KeyProperty.Name] = values[0] };
        }

        return names.Count == values.Count && names.Order().SequenceEqual(set.KeyProperties.Select(k => k.Name).Order())
            ? names.Zip(values).ToDictionary(p => p.First, p => p.Second)
            : null;
    }

    private static async Task<IResult> Create(SapEntitySet set, HttpContext http, SapData data, string baseUrl)
    {
        if (await VendorGate.ReadObjectAsync(http) is not { } body)
        {
            return TypedResults.Json(ODataV2.Error("/IWBEP/CM_MGW_RT/004", "Malformed JSON in the request body", set.Service), statusCode: 400);
        }

        var (record, error) = await data.CreateSalesOrderAsync(body);
        if (error is not null)
        {
            return TypedResults.Json(error, statusCode: 400);
        }

        http.Response.Headers.Location = Uri(set, record!, baseUrl);
        http.Response.Headers.ETag = ETag(set, record!);
        return TypedResults.Json(new JsonObject { ["d"] = Render(set, record!, baseUrl, expandItems: true) }, statusCode: 201);
    }

    private static async Task<IResult> Update(SapEntitySet set, string key, HttpContext http, SapData data)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch))
        {
            return TypedResults.Json(ODataV2.Error("/IWBEP/CM_MGW_RT/179", "Precondition required: send If-Match with the entity's ETag", set.Service), statusCode: 428);
        }

        if (await VendorGate.ReadObjectAsync(http) is not { } body)
        {
            return TypedResults.Json(ODataV2.Error("/IWBEP/CM_MGW_RT/004", "Malformed JSON in the request body", set.Service), statusCode: 400);
        }

        var (record, status, error) = await data.UpdateSalesOrderAsync(key, body, current => ifMatch == "*" || ifMatch == ETag(set, current));
        if (error is not null)
        {
            return TypedResults.Json(error, statusCode: status);
        }

        http.Response.Headers.ETag = ETag(set, record!);
        return TypedResults.NoContent();
    }

    /// <summary>The entity's ETag: from its concurrency property (a sales order's LastChangeDateTime) or its ETag property; null for items, which have neither.</summary>
    public static string? ETag(SapEntitySet set, JsonObject record) => set.Name == "A_SalesOrder"
        ? $"W/\"datetimeoffset'{System.Uri.EscapeDataString((ODataV2.ParseDate(record["LastChangeDateTime"]?.ToString()) ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture))}'\""
        : set.Property("ETag") is null ? null : $"W/\"'{record["ETag"]}'\"";

    /// <summary>An entity's own URI: <c>Set('key')</c>, or <c>Set(A='x',B='y')</c> for a composite key.</summary>
    private static string Uri(SapEntitySet set, JsonObject record, string baseUrl) => set.KeyProperties.Count == 1
        ? $"{baseUrl}/{set.Name}('{Quote(record[set.KeyProperty.Name])}')"
        : $"{baseUrl}/{set.Name}({string.Join(',', set.KeyProperties.Select(k => $"{k.Name}='{Quote(record[k.Name])}'"))})";

    private static string Quote(JsonNode? value) => System.Uri.EscapeDataString(value?.ToString().Replace("'", "''", StringComparison.Ordinal) ?? "");

    private static JsonObject Render(SapEntitySet set, JsonObject record, string baseUrl, IQueryCollection? query = null, bool expandItems = false)
    {
        var uri = Uri(set, record, baseUrl);
        var metadata = new JsonObject { ["id"] = uri, ["uri"] = uri, ["type"] = $"{set.Service}.{set.TypeName}" };
        if (ETag(set, record) is { } etag)
        {
            metadata["etag"] = etag;
        }

        var rendered = new JsonObject { ["__metadata"] = metadata };
        var select = query?["$select"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        foreach (var property in set.Properties.Where(p => select.Length == 0 || select.Contains(p.Name)))
        {
            rendered[property.Name] = record[property.Name]?.DeepClone();
        }

        if (set.ItemsNavigation is { } items && (select.Length == 0 || select.Contains(items)))
        {
            rendered[items] = expandItems || query?["$expand"].ToString().Split(',').Contains(items) == true
                ? new JsonObject { ["results"] = RenderItems(record, baseUrl) }
                : new JsonObject { ["__deferred"] = new JsonObject { ["uri"] = $"{uri}/{items}" } };
        }

        return rendered;
    }

    private static JsonArray RenderItems(JsonObject order, string baseUrl) =>
        new((order["to_Item"] as JsonArray ?? []).OfType<JsonObject>().Select(item => (JsonNode)Render(SapModel.SalesOrderItems, item, baseUrl)).ToArray());

    private static IResult NotFound(string service, string segment) =>
        TypedResults.Json(ODataV2.Error("/IWFND/CM_MGW/051", $"Resource not found for the segment '{segment}'", service), statusCode: 404);

    private static int Int(string? value, int fallback) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    [GeneratedRegex(@"^(?<set>[A-Za-z_]+)(?:\((?<keys>(?:'(?:''|[^'])*'|[^)'])*)\))?(?:/(?<nav>[$A-Za-z_]+))?$")]
    private static partial Regex Segment();

    [GeneratedRegex(@"^(?:(?<name>[A-Za-z_]+)=)?'(?<value>(?:''|[^'])*)'(?:,(?<name>[A-Za-z_]+)='(?<value>(?:''|[^'])*)')*$")]
    private static partial Regex KeyPredicate();
}
