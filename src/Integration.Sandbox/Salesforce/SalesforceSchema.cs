using System.Text.Json.Nodes;

namespace Integration.Sandbox.Salesforce;

/// <summary>The standard fields the stand-in keeps for each sObject, which of them are required, and the external id field.</summary>
public static class SalesforceSchema
{
    public const string ExternalIdField = "External_Id__c";

    public static readonly IReadOnlyDictionary<string, string[]> Fields = new Dictionary<string, string[]>
    {
        ["Account"] = ["Id", "Name", "AccountNumber", "Type", "Industry", "Phone", "Website", "BillingStreet", "BillingCity", "BillingPostalCode",
            "BillingCountry", "Description", ExternalIdField, "OwnerId", "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted"],
        ["Contact"] = ["Id", "AccountId", "FirstName", "LastName", "Name", "Email", "Phone", "MobilePhone", "Title", "MailingCity", "MailingCountry",
            ExternalIdField, "OwnerId", "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted"],
        ["Case"] = ["Id", "CaseNumber", "Subject", "Description", "Status", "Priority", "Origin", "Type", "Reason", "AccountId", "ContactId",
            "OwnerId", "ParentId", "IsClosed", "IsEscalated", "ClosedDate", "SuppliedEmail", "SuppliedName", "SuppliedCompany", "SuppliedPhone",
            "Comments", ExternalIdField, "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted"],
    };

    public static readonly IReadOnlyDictionary<string, string[]> Required = new Dictionary<string, string[]>
    {
        ["Account"] = ["Name"],
        ["Contact"] = ["LastName"],
        ["Case"] = [],
    };

    /// <summary>Fields the server sets; a client that sends one gets INVALID_FIELD_FOR_INSERT_UPDATE. A contact's Name is its first and last name.</summary>
    public static bool IsReadOnly(string sobject, string field) =>
        field is "Id" or "CaseNumber" or "IsClosed" or "CreatedDate" or "LastModifiedDate" or "SystemModstamp" or "IsDeleted" || (sobject == "Contact" && field == "Name");

    public static bool Known(string sobject) => Fields.ContainsKey(sobject);

    public static string? FieldNamed(string sobject, string name) =>
        Fields[sobject].FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));

    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", System.Globalization.CultureInfo.InvariantCulture);

    public static JsonArray Error(string errorCode, string message, params string[] fields)
    {
        var error = new JsonObject { ["message"] = message, ["errorCode"] = errorCode };
        if (fields.Length > 0)
        {
            error["fields"] = new JsonArray(fields.Select(f => (JsonNode)f).ToArray());
        }

        return [error];
    }
}
