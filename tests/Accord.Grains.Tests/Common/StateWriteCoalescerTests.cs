using Accord.Grains.Common;

namespace Accord.Grains.Tests.Common;

public sealed class StateWriteCoalescerTests
{
    /// <summary>A write whose completion the test controls; records the value it snapshotted.</summary>
    private sealed class ControlledWrites
    {
        public int Value;

        public List<int> Snapshots { get; } = [];

        public List<TaskCompletionSource> Pending { get; } = [];

        public Task Write()
        {
            lock (Snapshots)
            {
                Snapshots.Add(Value);
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Pending.Add(done);
                return done.Task;
            }
        }

        public async Task WaitForWritesAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                lock (Snapshots)
                {
                    if (Snapshots.Count >= count)
                    {
                        return;
                    }
                }

                Assert.True(DateTime.UtcNow < deadline, $"write {count} never started");
                await Task.Delay(5);
            }
        }
    }

    [Fact]
    public async Task AfterChange_ChangesWhileAWriteIsInFlight_ShareOneLaterWriteThatSeesThemAll()
    {
        var writes = new ControlledWrites();
        var coalescer = new StateWriteCoalescer(writes.Write);

        writes.Value = 1;
        var first = coalescer.AfterChange();
        writes.Value = 2;
        var second = coalescer.AfterChange();
        writes.Value = 3;
        var third = coalescer.AfterChange();

        Assert.Same(second, third);
        Assert.Equal([1], writes.Snapshots);
        Assert.False(second.IsCompleted);

        writes.Pending[0].SetResult();
        await first;
        await writes.WaitForWritesAsync(2);
        Assert.False(second.IsCompleted);
        writes.Pending[1].SetResult();
        await second;

        Assert.Equal([1, 3], writes.Snapshots);
    }

    [Fact]
    public async Task AfterChange_WriteFails_ItsCallersSeeTheFailureAndTheNextChangeGetsAFreshWrite()
    {
        var writes = new ControlledWrites();
        var coalescer = new StateWriteCoalescer(writes.Write);

        var failing = coalescer.AfterChange();
        writes.Pending[0].SetException(new IOException("disk full"));
        await Assert.ThrowsAsync<IOException>(() => failing);

        writes.Value = 7;
        var next = coalescer.AfterChange();
        await writes.WaitForWritesAsync(2);
        writes.Pending[1].SetResult();
        await next;

        Assert.Equal([0, 7], writes.Snapshots);
    }
}
