namespace Integration.Contracts.Inference;

public static class RegistryRoutes
{
    /// <summary>GET: one model of the inference service's registry.</summary>
    public static string Model(string name) => $"/v1/registry/models/{Uri.EscapeDataString(name)}";
}

/// <summary>What a workflow reads of a model in the registry: whether it is an alias split between arms, and which.</summary>
public sealed record RegistryModel(string Name, string Task, IReadOnlyList<RegistryArm> Split);

/// <summary>An arm of a split: a model of its own, asked by name, and its share of the traffic.</summary>
public sealed record RegistryArm(string Model, int Weight);
