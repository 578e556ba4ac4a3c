using Integration.ServiceDefaults.Redis;
using Integration.Inference.Registry;

namespace Integration.Inference.Audit;

/// <summary>Delivers promotion decisions to the governance audit (<c>Inference:AuditTarget</c>); its idempotency key makes a repeat add nothing.</summary>
public sealed class AuditForwarder(AuditOutbox outbox, GovernanceAuditClient governance, InferenceOptions options, TimeProvider time, ILogger<AuditForwarder> logger)
    : OutboxForwarder<PendingAuditReport>(outbox, options.AuditTarget, time, logger)
{
    protected override string What => "promotion decisions for the governance audit";

    protected override string TargetSetting => "Inference:AuditTarget";

    protected override Task<Delivery> DeliverAsync(PendingAuditReport message, CancellationToken cancellationToken) => governance.ReportAsync(message, cancellationToken);
}
