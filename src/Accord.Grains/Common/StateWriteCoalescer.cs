namespace Accord.Grains.Common;

/// <summary>
/// Group commit for a reentrant grain: one state write at a time, and every change made before a write
/// starts is covered by that write. Callers change the state, then await <see cref="AfterChange"/>;
/// many callers whose changes arrive while a write is in flight share the next one.
/// </summary>
/// <remarks>
/// <paramref name="write"/> must take its snapshot of the state synchronously, before its first await:
/// the snapshot is what the waiting callers are promised. Runs on the grain's scheduler, so no locks.
/// </remarks>
public sealed class StateWriteCoalescer(Func<Task> write)
{
    private Task _inFlight = Task.CompletedTask;
    private TaskCompletionSource? _next;

    /// <summary>Completes when a write that started after this call's change is durable; faults as that write does.</summary>
    public Task AfterChange()
    {
        if (_next is { } pending)
        {
            return pending.Task;
        }

        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _next = next;
        _ = WriteAfterAsync(_inFlight, next);
        return next.Task;
    }

    private async Task WriteAfterAsync(Task previous, TaskCompletionSource done)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // Its own callers were told; this write starts afresh.
        }

        // From here on a change needs a later write.
        if (ReferenceEquals(_next, done))
        {
            _next = null;
        }

        Task current;
        try
        {
            current = write();
        }
        catch (Exception e)
        {
            done.SetException(e);
            return;
        }

        _inFlight = current;
        try
        {
            await current;
            done.SetResult();
        }
        catch (Exception e)
        {
            done.SetException(e);
        }
    }
}
