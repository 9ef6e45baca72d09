namespace SstpFarm.ControlPlane.Redis.Connection;

/// <summary>The value of a Redis call, or (<c>default</c>, Available false) the fact that Redis could not be reached: never an exception.</summary>
public readonly record struct RedisOutcome<T>(bool Available, T Value);
