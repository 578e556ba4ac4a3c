using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Integration.ServiceDefaults.Json;

/// <summary>
/// A list or map in a request record whose entries the record declares non-nullable (<c>IReadOnlyList&lt;string&gt;</c>, not
/// <c>IReadOnlyList&lt;string?&gt;</c>) refuses a <c>null</c> entry while it is read: 400 at the list's path, instead of a
/// null that the code after it never expects. (System.Text.Json respects nullable annotations on properties, not on a
/// collection's entries: generics do not keep them at run time, so they are read here from the declaring property.)
/// </summary>
public static class NoNullEntries
{
    public static void Modify(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var nullability = new NullabilityInfoContext();
        foreach (var property in type.Properties)
        {
            if (property.CustomConverter is null && property.AttributeProvider is PropertyInfo declared && EntriesAreNonNullable(nullability.Create(declared)))
            {
                property.CustomConverter = (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(property.PropertyType))!;
            }
        }
    }

    private static readonly Type[] Lists =
    [
        typeof(IEnumerable<>), typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>), typeof(IList<>), typeof(ICollection<>), typeof(List<>),
        typeof(ISet<>), typeof(IReadOnlySet<>), typeof(HashSet<>),
    ];

    private static readonly Type[] Maps = [typeof(IReadOnlyDictionary<,>), typeof(IDictionary<,>), typeof(Dictionary<,>)];

    private static bool EntriesAreNonNullable(NullabilityInfo info)
    {
        var type = info.Type;
        var entry = type.IsArray ? info.ElementType
            : type.IsGenericType && Lists.Contains(type.GetGenericTypeDefinition()) ? info.GenericTypeArguments[0]
            : type.IsGenericType && Maps.Contains(type.GetGenericTypeDefinition()) ? info.GenericTypeArguments[1]
            : null;
        return entry is { ReadState: NullabilityState.NotNull } && !entry.Type.IsValueType;
    }

    private sealed class Converter<TCollection> : JsonConverter<TCollection>
    {
        public override bool HandleNull => false;

        public override TCollection? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            TCollection? value;
            try
            {
                value = JsonSerializer.Deserialize<TCollection>(ref reader, options);
            }
            catch (JsonException inner) when (inner is not JsonEntryException)
            {
                // Read on its own, the collection's error has a path from the collection down ("$[0].content"): the serializer
                // puts the collection's own path before it ("$.messages").
                throw new JsonEntryException(inner.Message, (inner.Path ?? "$")[1..], inner);
            }

            var index = 0;
            foreach (var entry in (IEnumerable?)value ?? Array.Empty<object>())
            {
                if (entry is null || (entry is DictionaryEntry { Value: null }) || IsPairWithNullValue(entry, out _))
                {
                    var where = IsPairWithNullValue(entry, out var key) ? $"['{key}']" : $"[{index}]";
                    throw new JsonEntryException("The entry is null; every entry here is a value.", where);
                }

                index++;
            }

            return value;
        }

        public override void Write(Utf8JsonWriter writer, TCollection value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, options);

        private static bool IsPairWithNullValue(object? entry, out object? key)
        {
            key = null;
            var type = entry?.GetType();
            if (type is not { IsGenericType: true } || type.GetGenericTypeDefinition() != typeof(KeyValuePair<,>))
            {
                return false;
            }

            key = type.GetProperty("Key")!.GetValue(entry);
            return type.GetProperty("Value")!.GetValue(entry) is null;
        }
    }
}

/// <summary>An error inside a list or map that <see cref="NoNullEntries"/> reads: the serializer gives the list's path, this the rest of it.</summary>
public sealed class JsonEntryException(string message, string pathWithin, Exception? inner = null) : JsonException(message, inner)
{
    /// <summary>From the list down: <c>[0].content</c>.</summary>
    public string PathWithin { get; } = pathWithin;
}
