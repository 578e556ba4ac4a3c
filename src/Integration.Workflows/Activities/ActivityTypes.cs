using System.Text.Json.Serialization;

namespace Integration.Workflows.Activities;

/// <summary>Every activity type a definition may name; <see cref="ActivityCatalog"/> describes each.</summary>
public static class ActivityTypes
{
    public const string TriggerManual = "trigger.manual";
    public const string TriggerConnectorEvent = "trigger.connectorEvent";
    public const string TriggerSchedule = "trigger.schedule";
    public const string Classify = "llm.classify";
    public const string Extract = "llm.extract";
    public const string Summarize = "llm.summarize";
    public const string Generate = "llm.generate";
    public const string Retrieve = "llm.retrieve";
    public const string Train = "llm.train";
    public const string ApprovalGate = "approval.gate";
    public const string ConnectorCall = "connector.call";
    public const string Decision = "flow.decision";
    public const string Switch = "flow.switch";
    public const string Fork = "flow.fork";
    public const string Join = "flow.join";
    public const string ForEach = "flow.forEach";
    public const string Delay = "flow.delay";
    public const string Timer = "flow.timer";
    public const string SetVariable = "flow.setVariable";
    public const string End = "flow.end";
    public const string Fail = "flow.fail";
}

/// <summary>Who carries out an activity.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActivityRunner>))]
public enum ActivityRunner
{
    /// <summary>The interpreter itself (triggers, flow control, waits).</summary>
    Engine,

    /// <summary>The executor that calls the other services (models through governance and inference, connector operations).</summary>
    Services,
}

/// <summary>When a join goes on: once every incoming branch has arrived, or at the first.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JoinMode>))]
public enum JoinMode
{
    [JsonStringEnumMemberName("all")]
    All,

    [JsonStringEnumMemberName("any")]
    Any,
}
