using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Integration.ServiceDefaults.Protection;

/// <summary>
/// Values with customers' personal data that a service keeps in Redis (an instance's state with the values behind its
/// placeholders, trigger events, connector results kept for replay, approval tasks) are kept encrypted: ASP.NET Core
/// Data Protection (authenticated AES), its key ring in Redis under <see cref="KeyRing"/>, shared by the suite's
/// services and rotated by Data Protection (90 days). What is read back without the prefix was written before
/// encryption and is read as it is.
/// </summary>
public sealed class SensitiveData(IDataProtectionProvider provider)
{
    public const string KeyRing = "integration:data-protection:keys";
    private const string Prefix = "dp1:";
    private readonly IDataProtector _protector = provider.CreateProtector("Integration.SensitiveData.v1");

    public string Protect(string plain) => Prefix + _protector.Protect(plain);

    public string Unprotect(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal) ? _protector.Unprotect(stored[Prefix.Length..]) : stored;

    /// <summary>The same for bytes (grain state): the prefix, then the protected payload.</summary>
    public byte[] Protect(ReadOnlySpan<byte> plain) => [.. PrefixBytes, .. _protector.Protect(plain.ToArray())];

    public bool IsProtected(ReadOnlySpan<byte> stored) => stored.StartsWith(PrefixBytes);

    public byte[] Unprotect(ReadOnlySpan<byte> stored) => _protector.Unprotect(stored[PrefixBytes.Length..].ToArray());

    private static ReadOnlySpan<byte> PrefixBytes => "dp1:"u8;
}

public static class SensitiveDataExtensions
{
    public static IServiceCollection AddSensitiveData(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("integration-suite");
        // The key ring in the suite's Redis, so that every replica of every service reads what another wrote.
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), SensitiveData.KeyRing));
        services.AddSingleton<SensitiveData>();
        return services;
    }
}
