package org.openiothub.gateway.coap;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import javax.crypto.SecretKey;

import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.jboss.logging.Logger;
import org.openiothub.auth.PreSharedKeys;
import org.openiothub.auth.PreSharedKeys.PreSharedKey;

/**
 * The DTLS server's pre-shared keys, looked up in the registry per handshake: the identity names the device (see
 * {@link CoapPskIdentity}), the secret is its symmetric key. The lookup blocks, so it runs on {@code blockingWork} and
 * its result reaches Scandium through the handshake result handler. An unknown, disabled or malformed identity gets no
 * secret, and its handshake fails as one with a wrong key does.
 */
final class CoapPskStore implements AdvancedPskStore {

    private static final Logger LOG = Logger.getLogger(CoapPskStore.class);

    /** The key of the authenticated {@link org.openiothub.auth.DeviceIdentity} in the peer's additional info. */
    static final String DEVICE_IDENTITY = "openiothub.device";

    private final PreSharedKeys keys;
    private final Executor blockingWork;
    private volatile HandshakeResultHandler results;

    CoapPskStore(PreSharedKeys keys, Executor blockingWork) {
        this.keys = keys;
        this.blockingWork = blockingWork;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation identity,
            String hmacAlgorithm, SecretKey otherSecret, byte[] seed, boolean useExtendedMasterSecret) {
        try {
            blockingWork.execute(() -> results.apply(lookUp(cid, identity)));
        } catch (RejectedExecutionException e) {
            LOG.debugf("[device-id: %s] handshake refused: the hub is too busy to look up its key", identity.getPublicInfoAsString());
            return new PskSecretResult(cid, identity, null);
        }
        return null;
    }

    private PskSecretResult lookUp(ConnectionId cid, PskPublicInformation identity) {
        String name = identity.getPublicInfoAsString();
        try {
            CoapPskIdentity device = CoapPskIdentity.parse(name);
            Optional<PreSharedKey> key = keys.find(device.deviceId(), device.moduleId(), device.slot());
            if (key.isEmpty()) {
                LOG.debugf("[device-id: %s] handshake refused: no enabled device with a symmetric key", name);
                return new PskSecretResult(cid, identity, null);
            }
            byte[] secret = key.get().secret();
            SecretKey pskSecret = SecretUtil.create(secret, PskSecretResult.ALGORITHM_PSK);
            Arrays.fill(secret, (byte) 0);
            return new PskSecretResult(cid, identity, pskSecret, key.get().identity());
        } catch (IllegalArgumentException e) {
            LOG.debugf("[device-id: %s] handshake refused: %s", name, e.getMessage());
            return new PskSecretResult(cid, identity, null);
        } catch (RuntimeException e) {
            CoapLogger.LOG.keyLookupFailed(name, e);
            return new PskSecretResult(cid, identity, null);
        }
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        // Only clients present identities.
        return null;
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        this.results = resultHandler;
    }
}
