using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Sandbox.Store;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Integration.Sandbox.Salesforce;

/// <summary>
/// Salesforce's OAuth token endpoint and REST API under <c>/salesforce</c>: a client logs in at
/// <c>http://127.0.0.1:5105/salesforce/services/oauth2/token</c> and calls the <c>instance_url</c> it gets back.
/// </summary>
public static class SalesforceEndpoints
{
    public const string LatestVersion = "v59.0";

    public static void MapSalesforceEndpoints(this IEndpointRouteBuilder app)
    {
        var login = app.MapGroup("/salesforce/services").AllowAnonymous().WithMetadata(Integration.ServiceDefaults.Json.ChecksItsOwnJson.Instance).AddEndpointFilter<SalesforceTokenGate>().WithTags("Salesforce stand-in");
        login.MapPost("/oauth2/token", Token).DisableAntiforgery();
        login.MapGet("/data", Versions);

        var api = app.MapGroup("/salesforce/services/data/{version}").AllowAnonymous().WithMetadata(Integration.ServiceDefaults.Json.ChecksItsOwnJson.Instance).AddEndpointFilter<SalesforceGate>().WithTags("Salesforce stand-in");
        api.MapGet("/query", Query);
        api.MapGet("/queryAll", Query);
        api.MapGet("/query/{locator}", MoreResults);
        api.MapGet("/limits", Limits);
        api.MapGet("/sobjects", (string version) => BadVersion(version) ?? TypedResults.Json(SalesforceDescribe.Global(version)));
        api.MapGet("/sobjects/{sobject}", (string version, string sobject) =>
            BadVersion(version) ?? UnknownObject(sobject) ?? TypedResults.Json(SalesforceDescribe.Basic(sobject, version)));
        api.MapGet("/sobjects/{sobject}/describe", (string version, string sobject) =>
            BadVersion(version) ?? UnknownObject(sobject) ?? TypedResults.Json(SalesforceDescribe.Full(sobject, version)));
        api.MapGet("/composite/sobjects/{sobject}", RetrieveMany);
        api.MapPost("/composite/sobjects/{sobject}", RetrieveMany);
        api.MapPost("/sobjects/{sobject}", Create);
        api.MapGet("/sobjects/{sobject}/{id}", Get);
        api.MapPatch("/sobjects/{sobject}/{id}", Update);
        api.MapDelete("/sobjects/{sobject}/{id}", Delete);
        api.MapGet("/sobjects/{sobject}/{field}/{value}", GetByExternalId);
        api.MapPatch("/sobjects/{sobject}/{field}/{value}", Upsert);
        // A path the REST API does not serve: NOT_FOUND, once the session has been checked as for any other call.
        api.Map("/{**path}", () => Error(404, "NOT_FOUND", "The requested resource does not exist"));
        app.Map("/salesforce/{**path}", () => Error(404, "NOT_FOUND", "The requested resource does not exist")).AllowAnonymous().WithTags("Salesforce stand-in");
    }

    private static async Task<IResult> Token(HttpContext http, SalesforceSessions sessions, IOptions<SandboxOptions> options, TimeProvider time)
    {
        if (!http.Request.HasFormContentType)
        {
            return OAuthError("invalid_request", "the request must be application/x-www-form-urlencoded");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var salesforce = options.Value.Salesforce;
        switch (form["grant_type"].ToString())
        {
            case "client_credentials":
                // RFC 6749 lets the client id and secret travel URL-encoded in the basic header, or in the form.
                var (clientId, secret) = VendorGate.BasicCredentials(http) is { } basic
                    ? (Uri.UnescapeDataString(basic.User), Uri.UnescapeDataString(basic.Secret))
                    : (form["client_id"].ToString(), form["client_secret"].ToString());
                if (clientId != salesforce.ClientId || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(salesforce.ClientSecret)))
                {
                    return OAuthError("invalid_client", "invalid client credentials");
                }

                break;
            case "urn:ietf:params:oauth:grant-type:jwt-bearer":
                if (await CheckAssertion(form["assertion"].ToString(), salesforce, time) is { } refusal)
                {
                    return OAuthError("invalid_grant", refusal);
                }

                break;
            default:
                return OAuthError("unsupported_grant_type", "grant type not supported");
        }

        var token = await sessions.IssueAsync();
        var issuedAt = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var baseUrl = VendorGate.BaseUrl(http, options.Value) + "/salesforce";
        var id = $"{baseUrl}/id/00DSb0000000001AAA/005Sb000000000001AAA";
        return TypedResults.Json(new
        {
            access_token = token,
            instance_url = baseUrl,
            id,
            token_type = "Bearer",
            issued_at = issuedAt,
            signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(salesforce.ClientSecret), Encoding.UTF8.GetBytes(id + issuedAt))),
            scope = "api",
        });
    }

    private static async Task<string?> CheckAssertion(string assertion, SalesforceSandboxOptions salesforce, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(salesforce.JwtPublicKeyPem))
        {
            return "the JWT bearer flow is not configured for this connected app";
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(salesforce.JwtPublicKeyPem);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(rsa.ExportParameters(false)),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuer = salesforce.ClientId,
            ValidAudiences = ["https://login.salesforce.com", "https://test.salesforce.com"],
            RequireExpirationTime = true,
            LifetimeValidator = (_, expires, _, _) => expires > time.GetUtcNow().UtcDateTime,
        });
        if (!result.IsValid)
        {
            return "invalid assertion";
        }

        return result.Claims.TryGetValue("sub", out var subject) && subject?.ToString() == salesforce.Username ? null : "user hasn't approved this consumer";
    }

    private static IResult Versions(HttpContext http) => TypedResults.Json(new[] { "57.0", "58.0", "59.0" }
        .Select(v => new { label = "Winter '24", url = $"/services/data/v{v}", version = v }));

    private static async Task<IResult> Query(string version, HttpContext http, SalesforceData data, EntityStore store, IOptions<SandboxOptions> options)
    {
        if (BadVersion(version) is { } wrong)
        {
            return wrong;
        }

        SoqlQuery query;
        try
        {
            query = Soql.Parse(http.Request.Query["q"].ToString());
        }
        catch (SoqlException e)
        {
            var code = e.Message.StartsWith("No such column", StringComparison.Ordinal) ? "INVALID_FIELD"
                : e.Message.StartsWith("sObject type", StringComparison.Ordinal) ? "INVALID_TYPE" : "MALFORMED_QUERY";
            return Error(400, code, e.Message);
        }

        IEnumerable<JsonObject> records = (await data.AllAsync(query.SObject)).Where(query.Where);
        if (query.OrderBy is { } order)
        {
            records = query.Descending
                ? records.OrderByDescending(r => r[order], Comparer<JsonNode?>.Create((a, b) => Soql.Compare(a, b?.ToString())))
                : records.OrderBy(r => r[order], Comparer<JsonNode?>.Create((a, b) => Soql.Compare(a, b?.ToString())));
        }

        var all = records.Skip(query.Offset).Take(query.Limit ?? int.MaxValue)
            .Select(r => Project(r, query.SObject, query.Fields, version)).ToList();
        var batch = options.Value.Salesforce.QueryBatchSize;
        if (all.Count <= batch)
        {
            return TypedResults.Json(new JsonObject { ["totalSize"] = all.Count, ["done"] = true, ["records"] = new JsonArray(all.ToArray()) });
        }

        // The rest waits under a query locator, as Salesforce keeps a cursor open for 15 minutes.
        var locator = "01gSb" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        await store.RememberAsync($"salesforce:query:{locator}", new JsonArray(all.ToArray()).ToJsonString(), TimeSpan.FromMinutes(15));
        return Page(JsonNode.Parse(await store.RecallAsync($"salesforce:query:{locator}") ?? "[]")!.AsArray(), locator, 0, batch, version);
    }

    private static async Task<IResult> MoreResults(string version, string locator, EntityStore store, IOptions<SandboxOptions> options)
    {
        var dash = locator.LastIndexOf('-');
        if (dash < 0 || !int.TryParse(locator[(dash + 1)..], out var offset) || await store.RecallAsync($"salesforce:query:{locator[..dash]}") is not { } stored)
        {
            return Error(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }

        return Page(JsonNode.Parse(stored)!.AsArray(), locator[..dash], offset, options.Value.Salesforce.QueryBatchSize, version);
    }

    private static IResult Page(JsonArray all, string locator, int offset, int batch, string version)
    {
        var records = all.Skip(offset).Take(batch).Select(r => r!.DeepClone()).ToArray();
        var done = offset + records.Length >= all.Count;
        var page = new JsonObject { ["totalSize"] = all.Count, ["done"] = done };
        if (!done)
        {
            page["nextRecordsUrl"] = $"/services/data/{version}/query/{locator}-{offset + records.Length}";
        }

        page["records"] = new JsonArray(records);
        return TypedResults.Json(page);
    }

    /// <summary>The org's limits; the daily API requests are the ones the Sforce-Limit-Info header counts.</summary>
    private static async Task<IResult> Limits(string version, SalesforceSessions sessions, IOptions<SandboxOptions> options)
    {
        if (BadVersion(version) is { } wrong)
        {
            return wrong;
        }

        var max = options.Value.Salesforce.DailyApiRequests;
        var remaining = Math.Max(0, max - await sessions.UsedTodayAsync());
        return TypedResults.Json(new JsonObject
        {
            ["DailyApiRequests"] = new JsonObject { ["Max"] = max, ["Remaining"] = remaining },
            ["DailyBulkApiBatches"] = new JsonObject { ["Max"] = 15000, ["Remaining"] = 15000 },
            ["DataStorageMB"] = new JsonObject { ["Max"] = 5, ["Remaining"] = 5 },
            ["FileStorageMB"] = new JsonObject { ["Max"] = 20, ["Remaining"] = 20 },
            ["SingleEmail"] = new JsonObject { ["Max"] = 15, ["Remaining"] = 15 },
        });
    }

    /// <summary>
    /// SObject Collections retrieve: <c>GET …/composite/sobjects/{type}?ids=…&amp;fields=…</c>, or the same as a POST body
    /// <c>{"ids":[…],"fields":[…]}</c> for long lists (jsforce's retrieve of several ids). Records in the order of the
    /// ids, null where one does not exist; at most 2,000 ids.
    /// </summary>
    private static async Task<IResult> RetrieveMany(string version, string sobject, HttpContext http, SalesforceData data)
    {
        if ((BadVersion(version) ?? UnknownObject(sobject)) is { } wrong)
        {
            return wrong;
        }

        string[] ids, fields;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            var body = await VendorGate.ReadObjectAsync(http);
            if (body?["ids"] is not JsonArray idList || body["fields"] is not JsonArray fieldList ||
                idList.Concat(fieldList).Any(n => n?.GetValueKind() != System.Text.Json.JsonValueKind.String))
            {
                return Error(400, "JSON_PARSER_ERROR", "The body must be {\"ids\": [\"…\"], \"fields\": [\"…\"]}.");
            }

            (ids, fields) = (idList.Select(n => n!.GetValue<string>()).ToArray(), fieldList.Select(n => n!.GetValue<string>()).ToArray());
        }
        else
        {
            ids = http.Request.Query["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            fields = http.Request.Query["fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (ids.Length is 0 or > 2000 || fields.Length == 0)
        {
            return Error(400, "INVALID_QUERY_FILTER_OPERATOR", ids.Length > 2000 ? "Up to 2000 ids can be retrieved at once." : "Both ids and fields are required.");
        }

        if (ids.FirstOrDefault(id => !SalesforceIds.IsWellFormed(id)) is { } malformed)
        {
            return Error(400, "MALFORMED_ID", $"invalid id: {(malformed.Length > 40 ? malformed[..40] + "…" : malformed)}");
        }

        if (fields.FirstOrDefault(f => SalesforceSchema.FieldNamed(sobject, f) is null) is { } unknown)
        {
            return Error(400, "INVALID_FIELD", $"No such column '{unknown}' on entity '{sobject}'.");
        }

        var columns = fields.Select(f => SalesforceSchema.FieldNamed(sobject, f)!).ToList();
        var records = new JsonArray();
        foreach (var id in ids)
        {
            records.Add(await data.GetAsync(sobject, id) is { } record ? Project(record, sobject, columns, version) : null);
        }

        return TypedResults.Json(records);
    }

    private static async Task<IResult> Create(string version, string sobject, HttpContext http, SalesforceData data)
    {
        if ((BadVersion(version) ?? UnknownObject(sobject)) is { } wrong)
        {
            return wrong;
        }

        return await VendorGate.ReadObjectAsync(http) is { } body ? Answer(await data.CreateAsync(sobject, body)) : Error(400, "JSON_PARSER_ERROR", "The request body is not a JSON object.");
    }

    private static async Task<IResult> Get(string version, string sobject, string id, HttpContext http, SalesforceData data)
    {
        if ((BadVersion(version) ?? UnknownObject(sobject)) is { } wrong)
        {
            return wrong;
        }

        if (await data.GetAsync(sobject, id) is not { } record)
        {
            return Answer(SalesforceData.NotFound());
        }

        var fields = http.Request.Query["fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = fields.FirstOrDefault(f => SalesforceSchema.FieldNamed(sobject, f) is null);
        return unknown is not null
            ? Error(400, "INVALID_FIELD", $"No such column '{unknown}' on entity '{sobject}'.")
            : TypedResults.Json(Project(record, sobject, fields.Length > 0 ? fields.Select(f => SalesforceSchema.FieldNamed(sobject, f)!).ToList() : SalesforceSchema.Fields[sobject], version));
    }

    private static async Task<IResult> Update(string version, string sobject, string id, HttpContext http, SalesforceData data)
    {
        if ((BadVersion(version) ?? UnknownObject(sobject)) is { } wrong)
        {
            return wrong;
        }

        return await VendorGate.ReadObjectAsync(http) is { } body ? Answer(await data.UpdateAsync(sobject, id, body)) : Error(400, "JSON_PARSER_ERROR", "The request body is not a JSON object.");
    }

    private static async Task<IResult> Delete(string version, string sobject, string id, SalesforceData data) =>
        BadVersion(version) ?? UnknownObject(sobject) ?? (await data.DeleteAsync(sobject, id) ? TypedResults.NoContent() : Answer(SalesforceData.NotFound()));

    private static async Task<IResult> GetByExternalId(string version, string sobject, string field, string value, SalesforceData data)
    {
        if ((BadVersion(version) ?? UnknownObject(sobject)) is { } wrong)
        {
            return wrong;
        }

        return await data.FindByExternalIdAsync(sobject, value) is { } id && await data.GetAsync(sobject, id) is { } record
            ? TypedResults.Json(Project(record, sobject, SalesforceSchema.Fields[sobject], version))
            : Answer(SalesforceData.NotFound());
    }

    private static async Task<IResult> Upsert(string version, string sobject, string field, string value, HttpContext http, SalesforceData data)
    {
        if ((BadVersion(version) ?? UnknownObject(sobject)) is { } wrong)
        {
            return wrong;
        }

        return await VendorGate.ReadObjectAsync(http) is { } body ? Answer(await data.UpsertAsync(sobject, field, value, body)) : Error(400, "JSON_PARSER_ERROR", "The request body is not a JSON object.");
    }

    private static JsonObject Project(JsonObject record, string sobject, IReadOnlyList<string> fields, string version)
    {
        var projected = new JsonObject { ["attributes"] = new JsonObject { ["type"] = sobject, ["url"] = $"/services/data/{version}/sobjects/{sobject}/{record["Id"]}" } };
        foreach (var field in fields)
        {
            projected[field] = record[field]?.DeepClone();
        }

        return projected;
    }

    private static IResult? BadVersion(string version) =>
        version.Length > 1 && version[0] == 'v' && decimal.TryParse(version[1..], NumberStyles.Number, CultureInfo.InvariantCulture, out _)
            ? null
            : Error(404, "NOT_FOUND", "The requested resource does not exist");

    private static IResult? UnknownObject(string sobject) =>
        SalesforceSchema.Known(sobject) ? null : Error(404, "NOT_FOUND", $"The requested resource does not exist: sObject type '{sobject}' is not supported.");

    private static IResult Answer(SalesforceOutcome outcome) =>
        outcome.Body is null ? TypedResults.StatusCode(outcome.Status) : TypedResults.Json(outcome.Body, statusCode: outcome.Status);

    private static IResult Error(int status, string code, string message) => TypedResults.Json(SalesforceSchema.Error(code, message), statusCode: status);

    private static IResult OAuthError(string error, string description) => TypedResults.Json(new { error, error_description = description }, statusCode: 400);
}
