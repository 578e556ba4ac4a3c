using System.Globalization;
using System.Text.Json.Nodes;
using Integration.Sandbox.Store;

namespace Integration.Sandbox.Salesforce;

public sealed record SalesforceOutcome(int Status, JsonNode? Body);

/// <summary>Accounts, contacts and cases with Salesforce's rules for ids, required and read-only fields, and upsert by external id.</summary>
public sealed class SalesforceData(EntityStore store, TimeProvider time)
{
    public static string Table(string sobject) => $"salesforce:{sobject}";

    public Task<JsonObject?> GetAsync(string sobject, string id) => store.GetAsync(Table(sobject), id);

    public Task<IReadOnlyList<JsonObject>> AllAsync(string sobject) => store.AllAsync(Table(sobject));

    public async Task<SalesforceOutcome> CreateAsync(string sobject, JsonObject body)
    {
        body = Canonical(sobject, body);
        if (Check(sobject, body, creating: true) is { } problem)
        {
            return problem;
        }

        var id = SalesforceIds.New(sobject, await store.NextAsync(Table(sobject)));
        var now = SalesforceSchema.Timestamp(time.GetUtcNow());
        var record = new JsonObject();
        foreach (var field in SalesforceSchema.Fields[sobject])
        {
            record[field] = null;
        }

        foreach (var (field, value) in body)
        {
            record[SalesforceSchema.FieldNamed(sobject, field)!] = value?.DeepClone();
        }

        record["Id"] = id;
        record["CreatedDate"] = now;
        record["LastModifiedDate"] = now;
        record["SystemModstamp"] = now;
        record["IsDeleted"] = false;
        record["OwnerId"] ??= "005Sb000000000001AAA";
        if (sobject == "Case")
        {
            record["CaseNumber"] = (await store.NextAsync("salesforce:case-number") + 1000).ToString("00000000", CultureInfo.InvariantCulture);
            record["Status"] ??= "New";
            record["Priority"] ??= "Medium";
            record["Origin"] ??= "Web";
            record["IsEscalated"] ??= false;
        }

        Derive(sobject, record);
        await store.PutAsync(Table(sobject), id, record);
        if (record[SalesforceSchema.ExternalIdField]?.ToString() is { Length: > 0 } external)
        {
            // A mapping left by a record deleted before this version kept none: it points nowhere, so it gives way.
            if (await FindByExternalIdAsync(sobject, external) is null)
            {
                await store.ForgetAsync(ExternalKey(sobject, external));
            }

            await store.RememberAsync(ExternalKey(sobject, external), id, TimeSpan.FromDays(3650));
        }

        return new SalesforceOutcome(201, new JsonObject { ["id"] = id, ["errors"] = new JsonArray(), ["success"] = true });
    }

    public async Task<SalesforceOutcome> UpdateAsync(string sobject, string id, JsonObject body)
    {
        var record = await GetAsync(sobject, id);
        if (record is null)
        {
            return NotFound();
        }

        body = Canonical(sobject, body);
        if (Check(sobject, body, creating: false) is { } problem)
        {
            return problem;
        }

        foreach (var (field, value) in body)
        {
            record[SalesforceSchema.FieldNamed(sobject, field)!] = value?.DeepClone();
        }

        var now = SalesforceSchema.Timestamp(time.GetUtcNow());
        record["LastModifiedDate"] = now;
        record["SystemModstamp"] = now;
        Derive(sobject, record);
        await store.PutAsync(Table(sobject), id, record);
        if (record[SalesforceSchema.ExternalIdField]?.ToString() is { Length: > 0 } external)
        {
            await store.RememberAsync(ExternalKey(sobject, external), id, TimeSpan.FromDays(3650));
        }

        return new SalesforceOutcome(204, null);
    }

    public async Task<SalesforceOutcome> UpsertAsync(string sobject, string field, string value, JsonObject body)
    {
        if (!string.Equals(field, SalesforceSchema.ExternalIdField, StringComparison.OrdinalIgnoreCase) && !string.Equals(field, "Id", StringComparison.OrdinalIgnoreCase))
        {
            return new SalesforceOutcome(404, SalesforceSchema.Error("NOT_FOUND", $"Provided external ID field does not exist or is not accessible: {field}"));
        }

        var existing = await FindByExternalIdAsync(sobject, value);
        if (existing is not null)
        {
            var updated = await UpdateAsync(sobject, existing, body);
            return updated.Status == 204
                ? new SalesforceOutcome(200, new JsonObject { ["id"] = existing, ["success"] = true, ["errors"] = new JsonArray(), ["created"] = false })
                : updated;
        }

        var withKey = (JsonObject)body.DeepClone();
        withKey[SalesforceSchema.ExternalIdField] = value;
        var created = await CreateAsync(sobject, withKey);
        if (created.Status == 201)
        {
            created.Body!["created"] = true;
        }

        return created;
    }

    /// <summary>The id of the record with this external id, if it still exists.</summary>
    public async Task<string?> FindByExternalIdAsync(string sobject, string value) =>
        await store.RecallAsync(ExternalKey(sobject, value)) is { } id && await GetAsync(sobject, id) is not null ? id : null;

    /// <summary>Deletes a record and lets its external id go, so that an upsert by that id creates a new record, as on Salesforce.</summary>
    public async Task<bool> DeleteAsync(string sobject, string id)
    {
        var record = await GetAsync(sobject, id);
        if (record?[SalesforceSchema.ExternalIdField]?.ToString() is { Length: > 0 } external && await store.RecallAsync(ExternalKey(sobject, external)) == id)
        {
            await store.ForgetAsync(ExternalKey(sobject, external));
        }

        return await store.DeleteAsync(Table(sobject), id);
    }

    public static SalesforceOutcome NotFound() => new(404, SalesforceSchema.Error("NOT_FOUND", "The requested resource does not exist"));

    private static string ExternalKey(string sobject, string value) => $"salesforce:{sobject}:external:{value}";

    /// <summary>Field names as the schema spells them (Salesforce matches them case-insensitively); unknown names are kept, to be refused.</summary>
    private static JsonObject Canonical(string sobject, JsonObject body) =>
        new(body.Select(p => KeyValuePair.Create(SalesforceSchema.FieldNamed(sobject, p.Key) ?? p.Key, p.Value?.DeepClone())));

    private static SalesforceOutcome? Check(string sobject, JsonObject body, bool creating)
    {
        foreach (var (field, value) in body)
        {
            var known = SalesforceSchema.FieldNamed(sobject, field);
            if (known is null)
            {
                return new SalesforceOutcome(400, SalesforceSchema.Error("INVALID_FIELD", $"No such column '{field}' on sobject of type {sobject}", field));
            }

            if (Mistyped(known, value) is { } wrong)
            {
                return wrong;
            }

            if (SalesforceSchema.IsReadOnly(sobject, known))
            {
                return new SalesforceOutcome(400, known == "Id"
                    ? SalesforceSchema.Error("INVALID_FIELD", "The Id field should not be specified in the sobject data.")
                    : SalesforceSchema.Error("INVALID_FIELD_FOR_INSERT_UPDATE", $"Unable to create/update fields: {known}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.", known));
            }
        }

        var missing = SalesforceSchema.Required[sobject]
            .Where(f => (creating || body.ContainsKey(f)) && string.IsNullOrWhiteSpace(body[f]?.ToString())).ToArray();
        return missing.Length > 0
            ? new SalesforceOutcome(400, SalesforceSchema.Error("REQUIRED_FIELD_MISSING", $"Required fields are missing: [{string.Join(", ", missing)}]", missing))
            : null;
    }

    /// <summary>
    /// A value of the wrong JSON type, or text longer than the field holds, as Salesforce answers them
    /// (JSON_PARSER_ERROR, STRING_TOO_LONG; see saas-api-facts.md). The value itself is not echoed.
    /// </summary>
    private static SalesforceOutcome? Mistyped(string field, JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }

        var type = SalesforceDescribe.TypeOf(field);
        var kind = value.GetValueKind();
        var expected = type == "boolean" ? "boolean" : "string";
        var fits = type == "boolean" ? kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False : kind == System.Text.Json.JsonValueKind.String;
        if (!fits)
        {
            var token = kind switch
            {
                System.Text.Json.JsonValueKind.Object => "START_OBJECT", System.Text.Json.JsonValueKind.Array => "START_ARRAY",
                System.Text.Json.JsonValueKind.String => "VALUE_STRING", System.Text.Json.JsonValueKind.Number => "VALUE_NUMBER_INT",
                _ => "VALUE_" + kind.ToString().ToUpperInvariant(),
            };
            return new SalesforceOutcome(400, SalesforceSchema.Error("JSON_PARSER_ERROR",
                $"Cannot deserialize instance of {expected} from {token} value or request may be missing a required field", field));
        }

        var limit = SalesforceDescribe.LengthOf(type);
        return limit > 0 && kind == System.Text.Json.JsonValueKind.String && value.GetValue<string>().Length > limit
            ? new SalesforceOutcome(400, SalesforceSchema.Error("STRING_TOO_LONG", $"{field}: data value too large (max length={limit})", field))
            : null;
    }

    private static void Derive(string sobject, JsonObject record)
    {
        if (sobject == "Contact")
        {
            record["Name"] = string.Join(' ', new[] { record["FirstName"]?.ToString(), record["LastName"]?.ToString() }.Where(n => !string.IsNullOrEmpty(n)));
        }
        else if (sobject == "Case")
        {
            record["IsClosed"] = record["Status"]?.ToString() == "Closed";
        }
    }
}
