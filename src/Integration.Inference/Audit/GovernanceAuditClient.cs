using Integration.ServiceDefaults.Redis;
using System.Net.Http.Json;
using Integration.Contracts.Governance;

namespace Integration.Inference.Audit;

/// <summary>The governance service's audit intake, called with this service's own token.</summary>
public sealed class GovernanceAuditClient(HttpClient http)
{
    /// <summary>Delivers the report: taken, or refused for good (kept among the dead letters); throws to try again.</summary>
    public async Task<Delivery> ReportAsync(PendingAuditReport pending, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GovernanceRoutes.AuditEvents) { Content = JsonContent.Create(pending.Report) };
        request.Headers.Add("Idempotency-Key", pending.Key);
        using var response = await http.SendAsync(request, cancellationToken);
        return await Delivery.OfAsync(response, cancellationToken);
    }
}
