/** Row types for Kysely. Times are ISO-8601 UTC strings so the same code runs on SQLite and PostgreSQL. */
export interface GatewaySettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface OperatorsTable {
  id: string;
  username: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface OperatorSessionsTable {
  id: string;
  operator_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface SocketTicketsTable {
  id: string;
  session_id: string;
  expires_at: string;
}

export interface Database {
  gateway_settings: GatewaySettingsTable;
  operators: OperatorsTable;
  operator_sessions: OperatorSessionsTable;
  login_throttle: LoginThrottleTable;
  socket_tickets: SocketTicketsTable;
}
