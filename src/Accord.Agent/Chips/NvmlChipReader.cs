// Reads an NVIDIA GPU through the NVIDIA Management Library (NVML API reference manual, sections
// "Initialization and Cleanup" and "Device Queries"): libnvidia-ml.so.1, loaded at run time with
// NativeLibrary.TryLoad so that the agent runs (with simulated chips) where no driver is installed.
using System.Runtime.InteropServices;
using System.Text;

namespace Accord.Agent.Chips;

/// <summary>
/// A chip reader for one NVIDIA GPU. It reads NVML once per sample period (default one second) on a
/// timer and keeps the raw readings; <see cref="Read"/> summarises those of the interval with
/// <see cref="NvmlSampleParser"/>. Time the agent was not running has no readings and counts as inactive.
/// Open it with <see cref="TryOpen"/>; dispose it to stop sampling and shut NVML down.
/// </summary>
public sealed class NvmlChipReader : IChipReader, IDisposable
{
    /// <summary>The library's file name on Linux.</summary>
    public const string LibraryName = "libnvidia-ml.so.1";

    // About two days of one-second readings: enough for any interval a reporting key can cover.
    private const int MaxSamples = 200_000;

    private readonly NvmlLibrary _nvml;
    private readonly IntPtr _device;
    private readonly TimeProvider _time;
    private readonly string _workloadId;
    private readonly IReadOnlyList<string> _peers;
    private readonly List<NvmlRawSample> _samples = [];
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private int _failedReadings;
    private bool _disposed;

    private NvmlChipReader(NvmlLibrary nvml, IntPtr device, string name, TimeProvider time, TimeSpan period, string workloadId, IReadOnlyList<string> peers)
    {
        _nvml = nvml;
        _device = device;
        _time = time;
        _workloadId = workloadId;
        _peers = peers;
        Name = name;
        _timer = time.CreateTimer(_ => SampleOnce(), null, TimeSpan.Zero, period);
    }

    /// <summary>The GPU's name as NVML reports it (e.g. "NVIDIA H100 80GB HBM3").</summary>
    public string Name { get; }

    /// <summary>Readings that failed since the reader was opened (each is skipped).</summary>
    public int FailedReadings => Volatile.Read(ref _failedReadings);

    /// <summary>True when <see cref="LibraryName"/> loads in this process.</summary>
    public static bool IsAvailable()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>
    /// Loads NVML, initialises it and opens the GPU at <paramref name="index"/>; null, with the reason in
    /// <paramref name="problem"/>, when the library does not load or NVML refuses.
    /// </summary>
    public static NvmlChipReader? TryOpen(
        uint index,
        TimeProvider time,
        string workloadId,
        IReadOnlyList<string> peerDeviceIds,
        out string? problem,
        TimeSpan? samplePeriod = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(workloadId);
        ArgumentNullException.ThrowIfNull(peerDeviceIds);
        var period = samplePeriod ?? TimeSpan.FromSeconds(1);
        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(samplePeriod), samplePeriod, "The sample period is positive.");
        }

        var nvml = NvmlLibrary.TryLoad(out problem);
        if (nvml is null)
        {
            return null;
        }

        try
        {
            var status = nvml.DeviceGetHandleByIndex(index, out var device);
            if (status != NvmlLibrary.Success)
            {
                problem = $"nvmlDeviceGetHandleByIndex_v2({index}) failed: {nvml.Describe(status)}";
                nvml.Dispose();
                return null;
            }

            var name = new byte[NvmlLibrary.DeviceNameBufferSize];
            status = nvml.DeviceGetName(device, name, (uint)name.Length);
            var text = status == NvmlLibrary.Success ? Encoding.UTF8.GetString(name, 0, Math.Max(0, Array.IndexOf(name, (byte)0))) : "unknown";
            problem = null;
            return new NvmlChipReader(nvml, device, text, time, period, workloadId, peerDeviceIds);
        }
        catch
        {
            nvml.Dispose();
            throw;
        }
    }

    /// <summary>Reads NVML now (one raw reading), or throws when NVML refuses.</summary>
    /// <exception cref="InvalidOperationException">An NVML call failed.</exception>
    public NvmlRawSample ReadRaw()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Check(_nvml.DeviceGetUtilizationRates(_device, out var utilization), "nvmlDeviceGetUtilizationRates");
            Check(_nvml.DeviceGetPowerUsage(_device, out var milliwatts), "nvmlDeviceGetPowerUsage");
            Check(_nvml.DeviceGetClockInfo(_device, NvmlLibrary.ClockSm, out var clock), "nvmlDeviceGetClockInfo");
            return new NvmlRawSample(_time.GetUtcNow(), utilization.Gpu, utilization.Memory, milliwatts, clock);
        }
    }

    /// <inheritdoc/>
    public ChipSample Read(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            var sample = NvmlSampleParser.Summarize(_samples, from, to, _workloadId, _peers);
            // The next interval starts at `to`; a reading just before it still bounds the first one after it.
            var keepFrom = to - NvmlSampleParser.DefaultMaxSpan;
            _samples.RemoveAll(s => s.At < keepFrom);
            return sample;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _nvml.Dispose();
        }
    }

    private void SampleOnce()
    {
        try
        {
            var sample = ReadRaw();
            lock (_gate)
            {
                if (_samples.Count >= MaxSamples)
                {
                    _samples.RemoveRange(0, _samples.Count - MaxSamples + 1);
                }

                _samples.Add(sample);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _failedReadings);
        }
    }

    private void Check(int status, string function)
    {
        if (status != NvmlLibrary.Success)
        {
            throw new InvalidOperationException($"{function} failed: {_nvml.Describe(status)}");
        }
    }
}

/// <summary>The NVML entry points the agent uses, bound from the loaded library.</summary>
internal sealed class NvmlLibrary : IDisposable
{
    /// <summary>NVML_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>NVML_CLOCK_SM (nvmlClockType_t).</summary>
    public const int ClockSm = 1;

    /// <summary>NVML_DEVICE_NAME_V2_BUFFER_SIZE.</summary>
    public const int DeviceNameBufferSize = 96;

    private readonly IntPtr _handle;
    private readonly NvmlShutdown _shutdown;
    private readonly NvmlErrorString? _errorString;
    private bool _disposed;

    private NvmlLibrary(IntPtr handle)
    {
        _handle = handle;
        _shutdown = Bind<NvmlShutdown>("nvmlShutdown");
        DeviceGetHandleByIndex = Bind<NvmlDeviceGetHandleByIndex>("nvmlDeviceGetHandleByIndex_v2");
        DeviceGetUtilizationRates = Bind<NvmlDeviceGetUtilizationRates>("nvmlDeviceGetUtilizationRates");
        DeviceGetPowerUsage = Bind<NvmlDeviceGetPowerUsage>("nvmlDeviceGetPowerUsage");
        DeviceGetClockInfo = Bind<NvmlDeviceGetClockInfo>("nvmlDeviceGetClockInfo");
        DeviceGetName = Bind<NvmlDeviceGetName>("nvmlDeviceGetName");
        _errorString = NativeLibrary.TryGetExport(handle, "nvmlErrorString", out var address)
            ? Marshal.GetDelegateForFunctionPointer<NvmlErrorString>(address)
            : null;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int NvmlInit();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int NvmlShutdown();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int NvmlDeviceGetHandleByIndex(uint index, out IntPtr device);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int NvmlDeviceGetUtilizationRates(IntPtr device, out NvmlUtilization utilization);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int NvmlDeviceGetPowerUsage(IntPtr device, out uint milliwatts);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int NvmlDeviceGetClockInfo(IntPtr device, int clockType, out uint megahertz);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int NvmlDeviceGetName(IntPtr device, [Out] byte[] name, uint length);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr NvmlErrorString(int status);

    public NvmlDeviceGetHandleByIndex DeviceGetHandleByIndex { get; }

    public NvmlDeviceGetUtilizationRates DeviceGetUtilizationRates { get; }

    public NvmlDeviceGetPowerUsage DeviceGetPowerUsage { get; }

    public NvmlDeviceGetClockInfo DeviceGetClockInfo { get; }

    public NvmlDeviceGetName DeviceGetName { get; }

    /// <summary>Loads the library and calls nvmlInit_v2; null with the reason when either fails.</summary>
    public static NvmlLibrary? TryLoad(out string? problem)
    {
        if (!NativeLibrary.TryLoad(NvmlChipReader.LibraryName, out var handle))
        {
            problem = $"{NvmlChipReader.LibraryName} does not load (no NVIDIA driver here).";
            return null;
        }

        try
        {
            if (!NativeLibrary.TryGetExport(handle, "nvmlInit_v2", out var init))
            {
                problem = $"{NvmlChipReader.LibraryName} has no nvmlInit_v2.";
                NativeLibrary.Free(handle);
                return null;
            }

            var status = Marshal.GetDelegateForFunctionPointer<NvmlInit>(init)();
            if (status != Success)
            {
                problem = $"nvmlInit_v2 failed with NVML status {status}.";
                NativeLibrary.Free(handle);
                return null;
            }

            problem = null;
            return new NvmlLibrary(handle);
        }
        catch (EntryPointNotFoundException e)
        {
            problem = $"{NvmlChipReader.LibraryName} lacks an entry point: {e.Message}";
            if (NativeLibrary.TryGetExport(handle, "nvmlShutdown", out var shutdown))
            {
                Marshal.GetDelegateForFunctionPointer<NvmlShutdown>(shutdown)();
            }

            NativeLibrary.Free(handle);
            return null;
        }
    }

    /// <summary>"NVML status n (text)".</summary>
    public string Describe(int status)
    {
        var text = _errorString is null ? null : Marshal.PtrToStringUTF8(_errorString(status));
        return text is null ? $"NVML status {status}" : $"NVML status {status} ({text})";
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _shutdown();
        NativeLibrary.Free(_handle);
    }

    private T Bind<T>(string name)
        where T : Delegate =>
        NativeLibrary.TryGetExport(_handle, name, out var address)
            ? Marshal.GetDelegateForFunctionPointer<T>(address)
            : throw new EntryPointNotFoundException($"{name} is not exported.");

    /// <summary>nvmlUtilization_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct NvmlUtilization
    {
        /// <summary>Percent of the last sample period in which a kernel ran.</summary>
        public uint Gpu;

        /// <summary>Percent of the last sample period in which device memory was read or written.</summary>
        public uint Memory;
    }
}
