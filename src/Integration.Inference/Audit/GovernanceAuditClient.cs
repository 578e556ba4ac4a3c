using System.Net;
using System.Net.Http.Json;
using Integration.Contracts.Governance;

namespace Integration.Inference.Audit;

/// <summary>The governance service's audit intake, called with this service's own token.</summary>
public sealed class GovernanceAuditClient(HttpClient http)
{
    /// <summary>Delivers the report; false when governance refuses it for good (400: sending it again cannot help).</summary>
    public async Task<bool> ReportAsync(PendingAuditReport pending, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GovernanceRoutes.AuditEvents) { Content = JsonContent.Create(pending.Report) };
        request.Headers.Add("Idempotency-Key", pending.Key);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }
}
