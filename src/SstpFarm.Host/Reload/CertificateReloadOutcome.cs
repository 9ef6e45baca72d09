namespace SstpFarm.Host.Reload;

/// <summary>What a certificate reload did.</summary>
public enum CertificateReloadOutcome
{
    /// <summary>A new certificate was loaded and handed to the subscribers.</summary>
    Applied,

    /// <summary>The files hold the certificate already in use.</summary>
    Unchanged,

    /// <summary>The files could not be used (unreadable, half written, mismatched key, not valid now); the current certificate stays.</summary>
    Rejected,
}
