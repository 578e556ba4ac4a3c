using System.Text.Json.Serialization;

namespace Integration.Workflows.Approvals;

/// <summary>Where a task stands: waiting, or decided (by reviewers, by the governance rules, or by its SLA).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalStatus>))]
public enum ApprovalStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("approved")]
    Approved,

    [JsonStringEnumMemberName("rejected")]
    Rejected,

    [JsonStringEnumMemberName("changes-requested")]
    ChangesRequested,

    [JsonStringEnumMemberName("auto-approved")]
    AutoApproved,

    [JsonStringEnumMemberName("auto-rejected")]
    AutoRejected,
}

/// <summary>How many must approve: the first reviewer's decision, every assignee's, or a quorum.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalMode>))]
public enum ApprovalMode
{
    [JsonStringEnumMemberName("first")]
    First,

    [JsonStringEnumMemberName("all")]
    All,

    [JsonStringEnumMemberName("quorum")]
    Quorum,
}

/// <summary>What happens when a task passes its SLA.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SlaAction>))]
public enum SlaAction
{
    /// <summary>Count a reminder and give the reviewers another SLA period.</summary>
    [JsonStringEnumMemberName("remind")]
    Remind,

    /// <summary>Add the admins to the assignees (and give another period).</summary>
    [JsonStringEnumMemberName("reassign")]
    Reassign,

    /// <summary>Decide the task as rejected.</summary>
    [JsonStringEnumMemberName("reject")]
    Reject,
}

/// <summary>What one reviewer decided.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewDecision>))]
public enum ReviewDecision
{
    [JsonStringEnumMemberName("approve")]
    Approve,

    /// <summary>Approve an edited output; before and after are kept.</summary>
    [JsonStringEnumMemberName("edit-approve")]
    EditApprove,

    [JsonStringEnumMemberName("reject")]
    Reject,

    /// <summary>Send back with a comment saying what to change.</summary>
    [JsonStringEnumMemberName("request-changes")]
    RequestChanges,
}

/// <summary>How the inbox is sorted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboxOrder>))]
public enum InboxOrder
{
    [JsonStringEnumMemberName("age")]
    Age,

    [JsonStringEnumMemberName("sla")]
    Sla,

    [JsonStringEnumMemberName("uncertainty")]
    Uncertainty,
}

/// <summary>The outcomes an approval gate's connections carry.</summary>
public static class GateOutcomes
{
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string ChangesRequested = "changes-requested";
}
