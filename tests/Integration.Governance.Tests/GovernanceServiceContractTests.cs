using Integration.Testing;

namespace Integration.Governance.Tests;

public sealed class GovernanceServiceContractTests(ServiceFactory<Program> service) : ServiceContractTests<Program>(service);
