using Integration.Testing;

namespace Integration.Governance.Tests;

public sealed class GovernanceServiceContractTests(GovernanceFactory service) : ServiceContractTests<Program>(service), IClassFixture<GovernanceFactory>;
