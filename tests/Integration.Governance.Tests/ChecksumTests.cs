using Integration.Governance.Pii;

namespace Integration.Governance.Tests;

public sealed class ChecksumTests
{
    [Theory]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("4111-1111-1111-1112", false)]
    [InlineData("378282246310005", true)]
    [InlineData("1234", false)]
    [InlineData("4111 1111 1111 111a", false)]
    public void Luhn(string value, bool valid) => Assert.Equal(valid, Checksums.IsLuhnValid(value));

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00", true)]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("DE89 3704 0044 0532 0130 01", false)]
    [InlineData("DE89", false)]
    [InlineData("1289 3704 0044 0532 0130 00", false)]
    public void Iban(string value, bool valid) => Assert.Equal(valid, Checksums.IsIbanValid(value));
}
