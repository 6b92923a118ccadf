using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Accord.Grains.Telemetry;
using Accord.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>Every measurement of this server's "Accord.Server" meter.</summary>
public sealed class Measurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> _seen = new();

    public Measurements(AccordServerFixture server)
    {
        var scope = server.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AccordMetrics.Name && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _seen.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _seen.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    public void Observe() => _listener.RecordObservableInstruments();

    public double Sum(string name, params (string Key, string Value)[] tags) =>
        Matching(name, tags).Sum(m => m.Value);

    public int Count(string name) => Matching(name, []).Count();

    public double Last(string name) => Matching(name, []).Last().Value;

    public void Dispose() => _listener.Dispose();

    private IEnumerable<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string name, (string Key, string Value)[] tags) =>
        _seen.Where(m => m.Name == name && tags.All(t => m.Tags.Any(k => k.Key == t.Key && Equals(k.Value, t.Value))));
}
