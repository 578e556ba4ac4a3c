namespace Integration.Workflows.Services;

/// <summary>The governance service as the workflow service calls it: the guards and budgets around every model step, and the approval rules.</summary>
public sealed class GovernanceClient(HttpClient http)
{
    public Task<InputGuardResponse> GuardInputAsync(InputGuardRequest request, CancellationToken cancellationToken) =>
        ServiceCalls.PostAsync<InputGuardRequest, InputGuardResponse>(http, GovernanceRoutes.InputGuard, request, "the input guard", cancellationToken);

    public Task<OutputGuardResponse> GuardOutputAsync(OutputGuardRequest request, CancellationToken cancellationToken) =>
        ServiceCalls.PostAsync<OutputGuardRequest, OutputGuardResponse>(http, GovernanceRoutes.OutputGuard, request, "the output guard", cancellationToken);

    public Task<BudgetConsumeResponse> ConsumeBudgetAsync(BudgetConsumeRequest request, CancellationToken cancellationToken) =>
        ServiceCalls.PostAsync<BudgetConsumeRequest, BudgetConsumeResponse>(http, GovernanceRoutes.BudgetConsume, request, "the budgets", cancellationToken);

    public Task<ApprovalDecideResponse> DecideApprovalAsync(ApprovalDecideRequest request, CancellationToken cancellationToken) =>
        ServiceCalls.PostAsync<ApprovalDecideRequest, ApprovalDecideResponse>(http, GovernanceRoutes.ApprovalDecide, request, "the approval rules", cancellationToken);

    public Task<RevealDecision> RevealAsync(RevealRequest request, CancellationToken cancellationToken) =>
        ServiceCalls.PostAsync<RevealRequest, RevealDecision>(http, GovernanceRoutes.PiiReveal, request, "the reveal rules", cancellationToken);
}
