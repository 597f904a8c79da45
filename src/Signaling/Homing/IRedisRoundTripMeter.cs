namespace VideoVisit.Signaling.Homing;

/// <summary>Where a node reports how long Redis took to answer its heartbeat (implemented by the metrics).</summary>
public interface IRedisRoundTripMeter
{
    void RedisRoundTrip(TimeSpan elapsed);
}
