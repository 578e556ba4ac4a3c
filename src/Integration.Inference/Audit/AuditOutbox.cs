using Integration.Contracts.Governance;
using Integration.ServiceDefaults.Redis;
using Integration.ServiceDefaults.Protection;
using StackExchange.Redis;

namespace Integration.Inference.Audit;

/// <summary>A decision waiting to go to the governance audit, under the key that makes a second delivery add nothing.</summary>
public sealed record PendingAuditReport(string Key, AuditReport Report);

/// <summary>Decisions for the governance audit, written with the decision's own record (see <see cref="Evaluation.PromotionGate.RecordAsync"/>).</summary>
public sealed class AuditOutbox(IConnectionMultiplexer redis, SensitiveData sensitive) : RedisOutbox<PendingAuditReport>(redis, sensitive, "inference:audit:outbox")
{
    public void AddTo(ITransaction transaction, AuditReport report) => AddTo(transaction, new PendingAuditReport($"inference:{Guid.NewGuid():N}", report));
}
