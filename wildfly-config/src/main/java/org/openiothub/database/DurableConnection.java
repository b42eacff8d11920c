package org.openiothub.database;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

import org.h2.jdbc.JdbcConnection;

/**
 * An H2 connection whose commits return only once they are on disk. H2 commits to memory and writes its store in
 * the background; this connection then syncs the store (shared with concurrent commits, {@link SyncGroup}) whenever
 * the transaction it commits changed something. Statements run in auto-commit mode are synced after each write.
 */
final class DurableConnection implements InvocationHandler {

    private static final Set<String> WRITING_EXECUTIONS = Set.of(
            "execute", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final JdbcConnection connection;
    private final H2StoreSync store;

    private DurableConnection(JdbcConnection connection, H2StoreSync store) {
        this.connection = connection;
        this.store = store;
    }

    static Connection wrap(JdbcConnection connection, H2StoreSync store) {
        return proxy(Connection.class, new DurableConnection(connection, store));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "commit":
                commit();
                return null;
            case "setAutoCommit":
                setAutoCommit((Boolean) args[0]);
                return null;
            case "createStatement":
                return proxy(Statement.class, new AutoCommitWrites(call(connection, method, args)));
            case "prepareStatement":
                return proxy(PreparedStatement.class, new AutoCommitWrites(call(connection, method, args)));
            case "prepareCall":
                return proxy(CallableStatement.class, new AutoCommitWrites(call(connection, method, args)));
            default:
                return call(connection, method, args);
        }
    }

    private void commit() throws SQLException {
        boolean changes = connection.getSession().hasPendingTransaction();
        connection.commit();
        if (changes) {
            store.sync(connection);
        }
    }

    private void setAutoCommit(boolean autoCommit) throws SQLException {
        // Turning auto-commit on commits the open transaction.
        boolean changes = autoCommit && connection.getSession().hasPendingTransaction();
        connection.setAutoCommit(autoCommit);
        if (changes) {
            store.sync(connection);
        }
    }

    /** A statement that syncs after each execution that may have written while its connection auto-commits. */
    private final class AutoCommitWrites implements InvocationHandler {

        private final Statement statement;

        AutoCommitWrites(Statement statement) {
            this.statement = statement;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = call(statement, method, args);
            if (WRITING_EXECUTIONS.contains(method.getName()) && connection.getAutoCommit()) {
                store.sync(connection);
            }
            return result;
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(DurableConnection.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @SuppressWarnings("unchecked")
    private static <T> T call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return (T) method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
