using Orleans.Serialization.Cloning;

namespace Integration.Workflows.Runtime;

/// <summary>
/// The API's records (<see cref="InstanceView"/> and what it holds) passed between grains inside the silo as they are,
/// not copied: each is built fresh for its answer and nobody changes it after.
/// </summary>
public sealed class ApiRecords : IGeneralizedCopier
{
    public static bool Are(Type type) => type.Assembly == typeof(InstanceView).Assembly;

    public bool IsSupportedType(Type type) => Are(type);

    public object? DeepCopy(object? input, CopyContext context) => input;
}
