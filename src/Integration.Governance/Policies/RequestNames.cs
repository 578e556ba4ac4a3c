namespace Integration.Governance.Policies;

/// <summary>The names a request gives to pick a policy, a budget or a model (a workflow, a department, a model).</summary>
internal static class RequestNames
{
    public const int MaxLength = 100;

    /// <summary>An error at <paramref name="path"/> when the name is missing (if <paramref name="whenMissing"/> says it is needed) or longer than any name.</summary>
    public static void Check(Dictionary<string, string[]> errors, string path, string? value, string? whenMissing = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (whenMissing is not null)
            {
                errors[path] = [whenMissing];
            }
        }
        else if (value.Length > MaxLength)
        {
            errors[path] = [$"{(path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path)} is a name of at most {MaxLength} characters."];
        }
    }
}
