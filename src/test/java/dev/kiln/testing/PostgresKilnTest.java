package dev.kiln.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.kiln.KilnApplication;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Kiln context without its web server or workers, on a PostgreSQL database of its own
 * ({@link PostgresTestContext#register} from the class's {@code @DynamicPropertySource}),
 * run only when {@value PostgresTestDatabase#URL_VARIABLE} is set.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
@SpringBootTest(classes = KilnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "kiln.jobs.workers=0")
@Import(PostgresTestContext.class)
@DirtiesContext
public @interface PostgresKilnTest {

}
