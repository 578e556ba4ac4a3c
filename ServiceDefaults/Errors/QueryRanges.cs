namespace Integration.ServiceDefaults.Errors;

/// <summary>A listing's <c>from</c>/<c>to</c> query: the same check and the same sentence in every service.</summary>
public static class QueryRanges
{
    /// <summary>Adds the error under <paramref name="path"/> ("from" in a query, "$.from" in a body) when the range starts after it ends; true when it does not.</summary>
    public static bool Check<T>(IDictionary<string, string[]> errors, T? from, T? to, string path = "from")
        where T : struct, IComparable<T>
    {
        if (from is { } start && to is { } end && start.CompareTo(end) > 0)
        {
            errors[path] = ["The range starts after it ends: 'from' must be before 'to'."];
            return false;
        }

        return true;
    }
}
