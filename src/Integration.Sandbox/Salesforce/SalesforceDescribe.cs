using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Integration.Sandbox.Salesforce;

/// <summary>
/// The metadata clients read on connect (jsforce, simple-salesforce, Salesforce's own tools): describeGlobal
/// (<c>GET /sobjects</c>), an object's basic information (<c>GET /sobjects/{type}</c>) and its full describe
/// (<c>GET /sobjects/{type}/describe</c>), in the shapes the REST API documents, for the objects the stand-in serves.
/// </summary>
public static partial class SalesforceDescribe
{
    private static readonly IReadOnlyDictionary<string, string[]> Picklists = new Dictionary<string, string[]>
    {
        ["Case.Status"] = ["New", "Working", "Escalated", "Closed"],
        ["Case.Priority"] = ["High", "Medium", "Low"],
        ["Case.Origin"] = ["Phone", "Email", "Web"],
        ["Case.Type"] = ["Mechanical", "Electrical", "Electronic", "Structural", "Other"],
        ["Case.Reason"] = ["Installation", "Equipment Complexity", "Performance", "Breakdown", "Equipment Design", "Feedback", "Other"],
        ["Account.Type"] = ["Prospect", "Customer - Direct", "Customer - Channel", "Partner", "Other"],
        ["Account.Industry"] = ["Agriculture", "Banking", "Education", "Electronics", "Healthcare", "Manufacturing", "Retail", "Technology", "Other"],
    };

    public static JsonObject Global(string version) => new()
    {
        ["encoding"] = "UTF-8",
        ["maxBatchSize"] = 200,
        ["sobjects"] = new JsonArray(SalesforceSchema.Fields.Keys.Select(s => (JsonNode)Summary(s, version)).ToArray()),
    };

    public static JsonObject Basic(string sobject, string version) => new() { ["objectDescribe"] = Summary(sobject, version), ["recentItems"] = new JsonArray() };

    public static JsonObject Full(string sobject, string version)
    {
        var describe = Summary(sobject, version);
        describe["fields"] = new JsonArray(SalesforceSchema.Fields[sobject].Select(f => (JsonNode)Field(sobject, f)).ToArray());
        describe["childRelationships"] = new JsonArray();
        describe["recordTypeInfos"] = new JsonArray();
        describe["supportedScopes"] = new JsonArray(new JsonObject { ["label"] = "All " + Plural(sobject), ["name"] = "everything" });
        return describe;
    }

    private static JsonObject Summary(string sobject, string version)
    {
        var urls = $"/services/data/{version}/sobjects/{sobject}";
        return new JsonObject
        {
            ["activateable"] = false, ["createable"] = true, ["custom"] = false, ["customSetting"] = false, ["deletable"] = true,
            ["deprecatedAndHidden"] = false, ["feedEnabled"] = false, ["keyPrefix"] = SalesforceIds.Prefix(sobject), ["label"] = sobject,
            ["labelPlural"] = Plural(sobject), ["layoutable"] = true, ["mergeable"] = true, ["mruEnabled"] = true, ["name"] = sobject,
            ["queryable"] = true, ["replicateable"] = true, ["retrieveable"] = true, ["searchable"] = true, ["triggerable"] = true,
            ["undeletable"] = true, ["updateable"] = true,
            ["urls"] = new JsonObject { ["sobject"] = urls, ["describe"] = $"{urls}/describe", ["rowTemplate"] = $"{urls}/{{ID}}" },
        };
    }

    private static JsonObject Field(string sobject, string name)
    {
        var type = TypeOf(name);
        var readOnly = SalesforceSchema.IsReadOnly(sobject, name);
        var reference = type == "reference" ? ReferenceTo(sobject, name) : null;
        return new JsonObject
        {
            ["name"] = name,
            ["label"] = Label(name),
            ["type"] = type,
            ["soapType"] = type switch { "id" or "reference" => "tns:ID", "boolean" => "xsd:boolean", "datetime" => "xsd:dateTime", _ => "xsd:string" },
            ["length"] = LengthOf(type),
            ["nillable"] = !readOnly && !SalesforceSchema.Required[sobject].Contains(name) && type != "boolean",
            ["createable"] = !readOnly,
            ["updateable"] = !readOnly,
            ["unique"] = name == SalesforceSchema.ExternalIdField,
            ["externalId"] = name == SalesforceSchema.ExternalIdField,
            ["idLookup"] = name is "Id" or SalesforceSchema.ExternalIdField,
            ["autoNumber"] = name == "CaseNumber",
            ["calculated"] = sobject == "Contact" && name == "Name",
            ["custom"] = name.EndsWith("__c", StringComparison.Ordinal),
            ["defaultedOnCreate"] = readOnly || type == "boolean",
            ["filterable"] = type != "textarea",
            ["sortable"] = type != "textarea",
            ["picklistValues"] = new JsonArray((Picklists.GetValueOrDefault($"{sobject}.{name}") ?? [])
                .Select((v, i) => (JsonNode)new JsonObject { ["active"] = true, ["defaultValue"] = i == 0 && name is "Status" or "Priority", ["label"] = v, ["validFor"] = null, ["value"] = v }).ToArray()),
            ["referenceTo"] = new JsonArray(reference is null ? [] : [(JsonNode)reference]),
            ["relationshipName"] = reference is null ? null : name[..^2],
        };
    }

    /// <summary>The most characters a field of the type holds (0: not text).</summary>
    internal static int LengthOf(string type) => type switch { "id" or "reference" => 18, "boolean" or "datetime" => 0, "textarea" => 32000, "email" or "phone" or "url" => 80, _ => 255 };

    internal static string TypeOf(string name) => name switch
    {
        "Id" => "id",
        "Email" or "SuppliedEmail" => "email",
        "Phone" or "MobilePhone" or "SuppliedPhone" => "phone",
        "Website" => "url",
        "Description" or "Comments" or "BillingStreet" => "textarea",
        "Status" or "Priority" or "Origin" or "Type" or "Reason" or "Industry" => "picklist",
        "SystemModstamp" => "datetime",
        _ when name.EndsWith("Id", StringComparison.Ordinal) => "reference",
        _ when name.Length > 2 && name.StartsWith("Is", StringComparison.Ordinal) && char.IsUpper(name[2]) => "boolean",
        _ when name.EndsWith("Date", StringComparison.Ordinal) => "datetime",
        _ => "string",
    };

    private static string ReferenceTo(string sobject, string name) => name switch
    {
        "OwnerId" => "User",
        "ParentId" => sobject,
        _ => name[..^2],
    };

    private static string Plural(string sobject) => sobject == "Case" ? "Cases" : sobject + "s";

    private static string Label(string name) => name switch
    {
        "Id" => "Record ID",
        SalesforceSchema.ExternalIdField => "External ID",
        _ => Words().Replace(name.EndsWith("Id", StringComparison.Ordinal) ? name[..^2] + " ID" : name, " $1").Trim(),
    };

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}
