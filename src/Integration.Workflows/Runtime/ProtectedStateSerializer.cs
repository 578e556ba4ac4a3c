using System.Text.Json;
using Integration.ServiceDefaults.Protection;
using Orleans.Storage;

namespace Integration.Workflows.Runtime;

/// <summary>
/// How instance state is kept in Redis: as JSON (System.Text.Json, the same shape as the API's), encrypted with Data
/// Protection, since an instance holds the personal data behind its placeholders. State written before (by Orleans'
/// default serializer, with the instance as an encrypted string inside) is read with that serializer.
/// </summary>
public sealed class ProtectedStateSerializer(SensitiveData sensitive, IGrainStorageSerializer earlier) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(sensitive.Protect(JsonSerializer.SerializeToUtf8Bytes(input, JsonSerializerOptions.Web)));

    public T? Deserialize<T>(BinaryData input) =>
        sensitive.IsProtected(input.ToMemory().Span)
            ? JsonSerializer.Deserialize<T>(sensitive.Unprotect(input.ToMemory().Span), JsonSerializerOptions.Web)
            : earlier.Deserialize<T>(input);
}
