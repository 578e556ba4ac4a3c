namespace Integration.Portal.Shared;

/// <summary>Times as people read them in a list: "5 min ago", "in 3 h".</summary>
public static class Ago
{
    public static string Of(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        var future = span < TimeSpan.Zero;
        var size = future ? -span : span;
        var text = size.TotalSeconds < 60 ? $"{(int)size.TotalSeconds} s"
            : size.TotalMinutes < 60 ? $"{(int)size.TotalMinutes} min"
            : size.TotalHours < 48 ? $"{(int)size.TotalHours} h"
            : $"{(int)size.TotalDays} d";
        return future ? $"in {text}" : $"{text} ago";
    }
}
