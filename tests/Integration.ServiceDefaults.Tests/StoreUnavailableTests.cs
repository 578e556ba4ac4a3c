using Integration.ServiceDefaults.Errors;
using StackExchange.Redis;

namespace Integration.ServiceDefaults.Tests;

/// <summary>Which failures of Redis a caller hears as 503 (try again) rather than 500.</summary>
public sealed class StoreUnavailableTests
{
    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory")] // what a restarted Redis answers while it reads its AOF
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    public void A_redis_that_cannot_serve_yet_is_unavailable_wherever_it_is_in_the_chain(string message)
    {
        Assert.True(StoreUnavailableExceptionHandler.IsStoreUnavailable(new RedisServerException(message)));
        Assert.True(StoreUnavailableExceptionHandler.IsStoreUnavailable(new InvalidOperationException("grain storage", new RedisServerException(message))));
        Assert.True(StoreUnavailableExceptionHandler.IsStoreUnavailable(new AggregateException(new RedisServerException(message))));
    }

    [Theory]
    [InlineData("ERR unknown command 'FOO'")]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [InlineData("LOADINGS is not a state")]
    public void A_command_redis_refuses_is_a_bug_not_an_outage(string message) =>
        Assert.False(StoreUnavailableExceptionHandler.IsStoreUnavailable(new RedisServerException(message)));

    [Fact]
    public void Connection_and_timeout_failures_are_unavailable() =>
        Assert.True(StoreUnavailableExceptionHandler.IsStoreUnavailable(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "no route")));
}
