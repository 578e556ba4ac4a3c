namespace Integration.Workflows.Runtime;

/// <summary>
/// The grain's persisted state: the instance, typed; at rest encrypted by the storage's serializer
/// (<see cref="ProtectedStateSerializer"/>). <see cref="Json"/> is read only from state written before the instance was
/// typed (an encrypted JSON string, under this name) and is cleared at the next checkpoint.
/// </summary>
[GenerateSerializer]
public sealed class InstanceRecord
{
    [Id(0)]
    public string? Json { get; set; }

    [Id(1)]
    public InstanceState? Instance { get; set; }
}
