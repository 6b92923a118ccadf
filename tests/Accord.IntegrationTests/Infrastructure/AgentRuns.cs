using Accord.Agent;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>The real agent run in-process until a test has seen enough of it.</summary>
public static class AgentRuns
{
    /// <summary>
    /// Runs <paramref name="runner"/> over <paramref name="devices"/> until <paramref name="enough"/> holds (polled every
    /// 50 ms), the agent stops by itself, or a minute passes; then cancels <paramref name="stop"/> (a fresh one when
    /// none is given), waits for the agent to stop, and returns its status then.
    /// </summary>
    public static async Task<AgentStatus> RunUntilAsync(AgentRunner runner, AgentOptions options, IReadOnlyList<IDeviceIdentity> devices, Func<AgentStatus, bool> enough, CancellationTokenSource? stop = null)
    {
        using var owned = stop is null ? new CancellationTokenSource() : null;
        var token = stop ?? owned!;
        var run = runner.RunAsync(options, devices, token.Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!enough(runner.Status) && DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            await Task.Delay(50);
        }

        await token.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
        }

        return runner.Status;
    }
}
