namespace Integration.Sandbox.Faults;

/// <summary>
/// Trouble the stand-ins make on purpose, for fault tests and demos: added latency, a share of requests
/// answered 429 (with Retry-After) or 5xx, or the next N requests failing that way (deterministic).
/// </summary>
public sealed record FaultSettings(
    int LatencyMs = 0,
    double RateLimitShare = 0,
    double ServerErrorShare = 0,
    int RetryAfterSeconds = 1,
    int RateLimitNext = 0,
    int ServerErrorNext = 0,
    string Vendors = "all")
{
    public bool AppliesTo(string vendor) => Vendors == "all" || Vendors.Split(',').Contains(vendor);

    public IEnumerable<(string Path, string Error)> Problems()
    {
        if (LatencyMs is < 0 or > 60_000)
        {
            yield return ("$.latencyMs", "latencyMs is between 0 and 60000.");
        }

        if (RateLimitShare is < 0 or > 1)
        {
            yield return ("$.rateLimitShare", "rateLimitShare is a share between 0 and 1.");
        }

        if (ServerErrorShare is < 0 or > 1)
        {
            yield return ("$.serverErrorShare", "serverErrorShare is a share between 0 and 1.");
        }

        if (RetryAfterSeconds is < 0 or > 3600)
        {
            yield return ("$.retryAfterSeconds", "retryAfterSeconds is between 0 and 3600.");
        }

        if (RateLimitNext < 0 || ServerErrorNext < 0)
        {
            yield return ("$.rateLimitNext", "The counts of next requests to fail are 0 or more.");
        }

        if (Vendors.Split(',').Any(v => v is not ("all" or "zendesk" or "salesforce" or "sap")))
        {
            yield return ("$.vendors", "vendors is \"all\" or a comma-separated list of zendesk, salesforce, sap.");
        }
    }
}
