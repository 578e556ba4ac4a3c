using NJsonSchema;
using NJsonSchema.Generation;

namespace Integration.Workflows.Definitions;

/// <summary>The JSON Schema of a workflow definition, for designers and editors (GET /v1/definitions/schema).</summary>
public static class DefinitionSchema
{
    public static readonly string Json = Generate();

    private static string Generate()
    {
        var settings = new SystemTextJsonSchemaGeneratorSettings
        {
            SerializerOptions = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web),
        };
        var schema = JsonSchema.FromType<WorkflowDefinition>(settings);
        schema.Title = "Integration Suite workflow definition";
        schema.Description = "A flowchart of activities (types from GET /v1/activities) joined by connections from an activity's outcome to the next activity.";
        return schema.ToJson();
    }
}
