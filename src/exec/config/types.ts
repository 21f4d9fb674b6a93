// The `credentials` and `tools` config as written in warden.yaml (validated by EXEC_CONFIG_SCHEMA).

export type Duration = string | number;

export type CredentialSource = { env: string } | { file: string };

export interface HttpAdapterConfig {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: "args" | "none";
  egress?: string[];
}

export interface RetriesConfig {
  max?: number;
  base?: Duration;
  max_delay?: Duration;
}

export interface ToolExecConfig {
  http?: HttpAdapterConfig;
  builtin?: string;
  credentials?: string[];
  retries?: RetriesConfig;
  timeout?: Duration;
  attempt_timeout?: Duration;
  max_output_bytes?: number;
  max_request_bytes?: number;
  allow_private?: boolean | string[];
}

export interface ExecConfig {
  credentials?: Record<string, CredentialSource>;
  tools?: Record<string, ToolExecConfig>;
}
