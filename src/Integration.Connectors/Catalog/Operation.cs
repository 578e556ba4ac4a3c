using System.Text.Json.Nodes;
using Integration.Connectors.Connections;

namespace Integration.Connectors.Catalog;

/// <summary>What the designer's palette and the invoke endpoint need to know about an operation.</summary>

public sealed record OperationCall(string Connection, JsonObject Input, string? IdempotencyKey);

/// <summary>An operation of the catalog: its descriptor and how it is carried out against a connection.</summary>
public sealed record Operation(OperationDescriptor Descriptor, Func<OperationCall, ConnectionApis, CancellationToken, Task<JsonNode>> Invoke)
{
    public static Operation Define(string name, ConnectionKind kind, string summary, bool writes, string inputSchema, string outputSchema,
        Func<OperationCall, ConnectionApis, CancellationToken, Task<JsonNode>> invoke) =>
        new(new OperationDescriptor(name, kind, summary, writes, JsonNode.Parse(inputSchema)!, JsonNode.Parse(outputSchema)!), invoke);
}
