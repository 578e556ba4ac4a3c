using System.Text.Json.Nodes;
using Integration.Connectors.Catalog;
using Integration.Connectors.Connections;
using static Integration.Connectors.Zendesk.ZendeskOperations;

namespace Integration.Connectors.Salesforce;

public static class SalesforceOperations
{
    private const string RecordOutput = """{"type":"object","properties":{"record":{"type":"object","description":"The record with its attributes, as Salesforce returns it"}},"required":["record"]}""";
    private const string IdInput = """{"type":"object","properties":{"id":{"type":"string","pattern":"^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$"},"fields":{"type":"array","items":{"type":"string"}}},"required":["id"],"additionalProperties":false}""";
    private const string UpsertInput = """{"type":"object","properties":{"externalId":{"type":"string","minLength":1},"fields":{"type":"object"}},"required":["externalId","fields"],"additionalProperties":false}""";
    private const string UpsertOutput = """{"type":"object","properties":{"id":{"type":"string"},"created":{"type":"boolean"}},"required":["id","created"]}""";
    private const string ExternalIdField = "External_Id__c";

    public static IEnumerable<Operation> All() =>
    [
        Operation.Define("salesforce.query", ConnectionKind.Salesforce, "Run a SOQL query and read every batch (nextRecordsUrl) up to maxRecords.", writes: false,
            """{"type":"object","properties":{"soql":{"type":"string","minLength":1},"maxRecords":{"type":"integer","minimum":1,"maximum":50000,"default":10000}},"required":["soql"],"additionalProperties":false}""",
            """{"type":"object","properties":{"totalSize":{"type":"integer"},"records":{"type":"array","items":{"type":"object"}}},"required":["totalSize","records"]}""",
            Query),
        Get("salesforce.case.get", "Case"),
        Operation.Define("salesforce.case.create", ConnectionKind.Salesforce, "Create a case.", writes: true,
            """{"type":"object","properties":{"fields":{"type":"object","description":"Case fields, e.g. Subject, Description, Origin, ContactId"}},"required":["fields"],"additionalProperties":false}""",
            """{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}""",
            async (call, apis, ct) =>
            {
                var api = apis.Salesforce(call.Connection);
                var created = await api.Create(Version(apis, call), "Case", call.Input["fields"]!.AsObject(), ct);
                return new JsonObject { ["id"] = created["id"]?.DeepClone() };
            }),
        Operation.Define("salesforce.case.update", ConnectionKind.Salesforce, "Change fields of a case.", writes: true,
            """{"type":"object","properties":{"id":{"type":"string","minLength":15},"fields":{"type":"object"}},"required":["id","fields"],"additionalProperties":false}""",
            """{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}""",
            async (call, apis, ct) =>
            {
                await apis.Salesforce(call.Connection).Update(Version(apis, call), "Case", Text(call.Input, "id"), call.Input["fields"]!.AsObject(), ct);
                return new JsonObject { ["id"] = Text(call.Input, "id") };
            }),
        Get("salesforce.account.get", "Account"),
        Upsert("salesforce.account.upsert", "Account"),
        Get("salesforce.contact.get", "Contact"),
        Upsert("salesforce.contact.upsert", "Contact"),
    ];

    private static Operation Get(string name, string sobject) =>
        Operation.Define(name, ConnectionKind.Salesforce, $"Read {Article(sobject)} by id (optionally only some fields).", writes: false, IdInput, RecordOutput,
            async (call, apis, ct) =>
            {
                var fields = call.Input["fields"] is JsonArray list ? string.Join(',', list.Select(f => f!.GetValue<string>())) : null;
                return new JsonObject { ["record"] = await apis.Salesforce(call.Connection).Get(Version(apis, call), sobject, Text(call.Input, "id"), fields, ct) };
            });

    private static Operation Upsert(string name, string sobject) =>
        Operation.Define(name, ConnectionKind.Salesforce, $"Create or update {Article(sobject)} by its external id ({ExternalIdField}).", writes: true,
            UpsertInput, UpsertOutput,
            async (call, apis, ct) =>
            {
                using var response = await apis.Salesforce(call.Connection).Upsert(Version(apis, call), sobject, ExternalIdField, Text(call.Input, "externalId"),
                    call.Input["fields"]!.AsObject(), ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw response.Error!;
                }

                return new JsonObject { ["id"] = response.Content?["id"]?.DeepClone(), ["created"] = response.Content?["created"]?.GetValue<bool>() ?? false };
            });

    private static async Task<JsonNode> Query(OperationCall call, ConnectionApis apis, CancellationToken ct)
    {
        var api = apis.Salesforce(call.Connection);
        var version = Version(apis, call);
        var max = call.Input["maxRecords"]?.GetValue<int>() ?? 10_000;
        var page = await api.Query(version, Text(call.Input, "soql"), ct);
        var total = page["totalSize"]?.GetValue<int>() ?? 0;
        var records = new JsonArray();
        while (true)
        {
            foreach (var record in page["records"]?.AsArray() ?? [])
            {
                if (records.Count < max)
                {
                    records.Add(record!.DeepClone());
                }
            }

            if (page["done"]?.GetValue<bool>() != false || records.Count >= max || page["nextRecordsUrl"]?.GetValue<string>() is not { } next)
            {
                break;
            }

            page = await api.QueryMore(version, next[(next.LastIndexOf('/') + 1)..], ct);
        }

        return new JsonObject { ["totalSize"] = total, ["records"] = records };
    }

    private static string Version(ConnectionApis apis, OperationCall call) => apis.Options(call.Connection).ApiVersion;

    /// <summary>"an account", "a case".</summary>
    private static string Article(string sobject) => ("aeiou".Contains(char.ToLowerInvariant(sobject[0])) ? "an " : "a ") + sobject.ToLowerInvariant();
}
