using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Integration.Workflows.Activities;

/// <summary>
/// An activity's descriptor, read from its class: <see cref="ActivityAttribute"/> and <see cref="OutputAttribute"/> on the
/// class, and each property of its inputs record (in the record's order) with its <see cref="InputAttribute"/>.
/// </summary>
public static class ActivityDescribing
{
    public static ActivityDescriptor Describe(Type activity, Type inputs)
    {
        var what = activity.GetCustomAttribute<ActivityAttribute>()
                   ?? throw new InvalidOperationException($"Activity {activity.Name} says what it is with [Activity(type, category, name, description)].");
        return new ActivityDescriptor(what.Type, what.Category, what.DisplayName, what.Description, Inputs(inputs),
            [.. activity.GetCustomAttributes<OutputAttribute>().Select(o => new ActivityOutput(o.Name, o.Type, o.Description))],
            what.Outcomes, what.IsTrigger, what.Waits, what.DynamicOutcomes, what.ReachesOutside ? ActivityRunner.Services : ActivityRunner.Engine);
    }

    private static List<ActivityInput> Inputs(Type record)
    {
        var nullability = new NullabilityInfoContext();
        var parameters = record.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();
        var inputs = new List<ActivityInput>();
        foreach (var parameter in parameters)
        {
            var property = record.GetProperty(parameter.Name!)!;
            var attribute = property.GetCustomAttribute<InputAttribute>() ?? parameter.GetCustomAttribute<InputAttribute>()
                            ?? throw new InvalidOperationException($"{record.Name}.{property.Name} says what it is with [property: Input(description)].");
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var optional = parameter.HasDefaultValue || attribute.Default is not null || Nullable.GetUnderlyingType(property.PropertyType) is not null ||
                           nullability.Create(property).ReadState == NullabilityState.Nullable;
            inputs.Add(new ActivityInput(JsonNamingPolicy.CamelCase.ConvertName(property.Name), JsonType(type, attribute.Kind), attribute.Kind, !optional, attribute.Description,
                Default(parameter, attribute), type.IsEnum ? [.. Enum.GetValues(type).Cast<Enum>().Select(Wire)] : null));
        }

        return inputs;
    }

    private static string JsonType(Type type, InputKind kind) => kind switch
    {
        InputKind.Expression => "expression",
        InputKind.Template => "template",
        _ when type == typeof(string) || type.IsEnum => "string",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal) => "number",
        _ when type == typeof(JsonArray) || type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)) => "array",
        _ => "object",
    };

    private static JsonElement? Default(ParameterInfo parameter, InputAttribute attribute) =>
        attribute.Default is { } json ? JsonDocument.Parse(json).RootElement.Clone()
        : parameter.HasDefaultValue && parameter.DefaultValue is { } value
            ? JsonSerializer.SerializeToElement(value is Enum choice ? Wire(choice) : value)
            : null;

    /// <summary>An enum value as JSON names it (its converter's wire name, e.g. <c>first</c>).</summary>
    private static string Wire(Enum value) => JsonSerializer.Serialize(value, value.GetType()).Trim('"');
}
