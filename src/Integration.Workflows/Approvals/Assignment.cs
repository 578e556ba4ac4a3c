using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;

namespace Integration.Workflows.Approvals;

/// <summary>
/// Who may decide a gate's task. The definition says (users, or roles as <c>role:reviewer</c>); the governance rules say
/// only whether a person must decide, and may escalate the task to the admins (a rule's <c>role: admin</c>: then only
/// admins decide). A rule's other roles never add anyone: a task the definition gave to the admins or to one person is
/// never opened to every reviewer by a default rule (issue 26).
/// </summary>
public static class Assignment
{
    public const string RolePrefix = "role:";

    /// <summary>The task's assignees: the declared ones, or only the admins when the rule that asked for a person escalates.</summary>
    public static IReadOnlyList<string> Of(IReadOnlyList<string> declared, ApprovalDecideResponse? verdict) =>
        verdict is { Decision: ApprovalOutcome.Human, Role: Roles.Admin } ? [RolePrefix + Roles.Admin] : declared;

    /// <summary>What is wrong with a gate's declared assignees (a list), each with its path; none when a person can decide.</summary>
    public static IEnumerable<(string Path, string Message)> Problems(System.Text.Json.JsonElement assignees, string path)
    {
        if (assignees.GetArrayLength() == 0)
        {
            yield return (path, "A gate names at least one assignee: a user's name or role:<role>.");
            yield break;
        }

        var i = 0;
        foreach (var assignee in assignees.EnumerateArray())
        {
            if (Problem(assignee) is { } problem)
            {
                yield return ($"{path}[{i}]", problem);
            }

            i++;
        }
    }

    private static string? Problem(System.Text.Json.JsonElement assignee) =>
        assignee.ValueKind != System.Text.Json.JsonValueKind.String ? "An assignee is text: a user's name or role:<role>."
        : assignee.GetString() is not { Length: > 0 and <= 200 } name || string.IsNullOrWhiteSpace(name) ? "An assignee is a user's name (1 to 200 characters) or role:<role>."
        : name.StartsWith(RolePrefix, StringComparison.Ordinal) && !Roles.UserRoles.Contains(name[RolePrefix.Length..])
            ? $"'{name}' names no role a person holds; the roles are {string.Join(", ", Roles.UserRoles.Select(r => RolePrefix + r))}."
            : null;
}
