export declare function provideTestDatabase(): Promise<{ url: string; created: boolean }>;
export declare function dropTestDatabase(url: string): void;
export declare function testDatabaseAvailable(): boolean;
