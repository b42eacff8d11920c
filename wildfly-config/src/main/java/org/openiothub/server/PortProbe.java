package org.openiothub.server;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;

import org.openiothub.server.HubSettings.Port;

/** Checks the hub's ports before the server starts, so that a taken port fails start-up with its name. */
final class PortProbe {

    private PortProbe() {
    }

    static void requireBindable(HubSettings settings) {
        for (Map.Entry<Port, Integer> entry : settings.boundPorts().entrySet()) {
            Port port = entry.getKey();
            String host = port.loopbackOnly() ? settings.internalAddress()
                    : port.clusterOnly() ? settings.cluster().orElseThrow().address() : settings.bindAddress();
            try {
                bind(port, new InetSocketAddress(InetAddress.getByName(host), entry.getValue()));
            } catch (IOException e) {
                throw new LaunchException("Cannot bind port " + entry.getValue() + " (" + port.purpose + ") on "
                        + host + ": " + e.getMessage() + ". Free it or choose another with " + port.variable + "=<port>.");
            }
        }
    }

    private static void bind(Port port, InetSocketAddress address) throws IOException {
        if (port.udp()) {
            try (DatagramSocket socket = new DatagramSocket(null)) {
                socket.bind(address);
            }
        } else {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(address);
            }
        }
    }

    static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
