using System.Text.Json.Nodes;
using Integration.Connectors.Salesforce;
using Integration.Connectors.Sap;
using Integration.Connectors.Zendesk;
using Integration.ServiceDefaults.Schemas;
using NJsonSchema;

namespace Integration.Connectors.Catalog;

/// <summary>Every operation the connector service offers, with its input schema loaded once for validation.</summary>
public sealed class OperationCatalog
{
    private readonly Dictionary<string, (Operation Operation, JsonSchema Input)> _operations;

    public OperationCatalog()
    {
        _operations = ZendeskOperations.All().Concat(SalesforceOperations.All()).Concat(SapOperations.All())
            .ToDictionary(o => o.Descriptor.Name, o => (o, JsonSchema.FromJsonAsync(o.Descriptor.InputSchema.ToJsonString()).GetAwaiter().GetResult()), StringComparer.Ordinal);
    }

    public IEnumerable<OperationDescriptor> Descriptors => _operations.Values.Select(o => o.Operation.Descriptor).OrderBy(d => d.Name, StringComparer.Ordinal);

    public Operation? Find(string name) => _operations.TryGetValue(name, out var entry) ? entry.Operation : null;

    /// <summary>Every way the input fails its schema, by JSON path under <c>$.input</c>, in words.</summary>
    public Dictionary<string, string[]> Validate(string name, JsonObject input) =>
        _operations[name].Input.Validate(input.ToJsonString())
            .GroupBy(e => SchemaErrors.PathOf(e, "$.input"))
            .ToDictionary(g => g.Key, g => g.Select(SchemaErrors.Describe).Distinct().ToArray());
}
